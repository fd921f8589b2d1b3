"""(reports: API operations, to be written)"""
