"""Collaboration: threads on objects, tasks, shared documents and the in-app notification inbox."""
