"""(study: reads, to be written)"""
