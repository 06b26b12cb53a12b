"""Media: the image pipeline (Pillow) and content-addressed file storage under MEDIA_ROOT."""
