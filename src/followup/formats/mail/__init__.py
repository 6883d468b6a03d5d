"""Mail at the edge: follow-up templates, the messages they make, and sending them."""
