"""(documents: reads, to be written)"""
