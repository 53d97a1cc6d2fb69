"""The content model: front matter schema, checks and the values data file."""
