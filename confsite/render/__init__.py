"""Rendering: the view models through the theme's templates into the bytes of each output."""
