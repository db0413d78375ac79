"""Strategic goals for a period, cascaded company → unit → position."""
