"""(tasks: API operations, to be written)"""
