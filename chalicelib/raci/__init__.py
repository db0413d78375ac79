"""The responsibility matrix (权责矩阵): RACI and assessment authority per process or indicator."""
