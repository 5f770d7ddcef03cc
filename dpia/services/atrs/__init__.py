"""ATRS records: the transparency template's answers for a system, pre-filled from the register."""
