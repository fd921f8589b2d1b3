"""(tasks: reads, to be written)"""
