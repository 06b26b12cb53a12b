"""The portal link: a CKAN client, dataset citations, snapshots, sync, and the portal-side pages."""
