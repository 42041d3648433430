"""An account with two ATMs, as Bank.spec designs it: approve, then dispense.

The bug: dispense debits what was approved without looking at the balance again, so
two approvals against the same balance overdraw the account."""


class InsufficientFunds(Exception):
    pass


class Bank:
    def __init__(self, balance):
        self.balance = balance
        self.approved = {}  # ATM name -> approved amount

    def approve(self, atm, amount):
        if atm in self.approved:
            raise ValueError(f"{atm} already has a withdrawal in progress")
        if amount > self.balance:
            raise InsufficientFunds(f"{amount} exceeds the balance {self.balance}")
        self.approved[atm] = amount

    def dispense(self, atm):
        amount = self.approved.pop(atm)
        self.balance -= amount

    def deposit(self, amount):
        self.balance += amount
