"""(study: API operations, to be written)"""
