"""Expense claims (udlæg): the citizen hands in invoices with their files; staff review them."""
