"""Ingest: load documents from corpus/, chunk them by structure, index them into Chroma."""
