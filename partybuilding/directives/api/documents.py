"""(documents: API operations, to be written)"""
