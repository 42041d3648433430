"""The adapter between Bank.spec and the Python Bank: speccheck testgen's generated
tests call reset, step and observe. Which Bank it drives (buggy/ or fixed/) is decided
by PYTHONPATH."""

from bank import Bank, InsufficientFunds

ATMS = ("atm1", "atm2")


class BankAdapter:
    def reset(self, state):
        self.bank = Bank(state["balance"])
        for atm, amount in state["pending"].items():
            if amount > 0:
                self.bank.approved[atm] = amount

    def step(self, action, args):
        try:
            if action == "Approve":
                self.bank.approve(args["atm"], args["amount"])
            elif action == "Dispense":
                self.bank.dispense(args["atm"])
            elif action == "Deposit":
                self.bank.deposit(1)
            else:
                raise ValueError(f"unknown action {action}")
        except InsufficientFunds:
            return False
        return True

    def observe(self):
        return {
            "balance": self.bank.balance,
            "pending": {atm: self.bank.approved.get(atm, 0) for atm in ATMS},
        }
