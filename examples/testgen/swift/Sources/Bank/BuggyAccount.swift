/// The design as specified, bug included: dispensing debits what was approved without
/// looking at the balance again, so two approvals against the same balance overdraw it.
public struct BuggyAccount: Account {
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
    guard let amount = approved.removeValue(forKey: atm) else { throw .nothingApproved }
    balance -= amount
  }

  public mutating func deposit(_ amount: Int) { balance += amount }
}
