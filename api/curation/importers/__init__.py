"""Importers: data packages (``peaceops export`` / ``import``) and the UN Digital Library's
Security Council voting data. Each reads and checks its whole input before it writes, then
writes through the one write path (``api.curation.writer``)."""
