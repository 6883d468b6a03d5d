"""Contacts in from the files other tools write: CSV layouts and vCards.

``read`` decodes a file, recognises its format from the content, and hands
back one entry per row or card; ``checked`` applies the same field rules
``followup add`` applies. Nothing here touches the database.
"""
