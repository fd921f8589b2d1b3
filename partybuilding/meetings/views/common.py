"""What the meeting pages share."""

PAGE_SIZE = 50
