"""Cross-cutting pieces every domain uses: settings, tenancy context, errors, ids, db base."""
