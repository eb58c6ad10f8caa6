// Placeholder until the schema validator build lands.
