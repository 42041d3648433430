/// Fixed: dispensing checks the balance again, so an approval that another ATM's
/// withdrawal has made stale is refused instead of overdrawing the account.
public struct FixedAccount: Account {
  public private(set) var balance: Int
  public private(set) var approved: [String: Int]

  public init(balance: Int, approved: [String: Int] = [:]) {
    self.balance = balance
    self.approved = approved
  }

  public mutating func approve(atm: String, amount: Int) throws(AccountError) {
    guard approved[atm] == nil else { throw .withdrawalInProgress }
    guard amount <= balance else { throw .insufficientFunds }
    approved[atm] = amount
  }

  public mutating func dispense(atm: String) throws(AccountError) {
    guard let amount = approved[atm] else { throw .nothingApproved }
    guard amount <= balance else { throw .insufficientFunds }
    approved[atm] = nil
    balance -= amount
  }

  public mutating func deposit(_ amount: Int) { balance += amount }
}
