"""What pages and the API read of inspection work, by area; each module registers its attention lines."""
