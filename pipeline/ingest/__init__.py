"""Ingest: files and folders to normalised SourceDocs (see walk.py for the order of things)."""

from pipeline.ingest.walk import SourceDoc, iter_documents

__all__ = ["SourceDoc", "iter_documents"]
