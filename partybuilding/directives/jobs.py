"""(background jobs of the documents app, to be written)"""
