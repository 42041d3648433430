"""An account with two ATMs: approve, then dispense.

Fixed: dispense checks the balance again, so an approval that another ATM's withdrawal
has made stale is refused instead of overdrawing the account."""


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
        amount = self.approved[atm]
        if amount > self.balance:
            raise InsufficientFunds(f"{amount} exceeds the balance {self.balance}")
        del self.approved[atm]
        self.balance -= amount

    def deposit(self, amount):
        self.balance += amount
