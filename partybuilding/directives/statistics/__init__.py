"""The reports of the documents app: documents issued per kind, year and issuer; the
implementation of tasks across the tree; the completion of a study campaign."""
