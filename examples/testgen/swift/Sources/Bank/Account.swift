/// Why an account refuses an operation.
public enum AccountError: Error, Equatable {
  case insufficientFunds
  case withdrawalInProgress
  case nothingApproved
}

/// An account with ATMs that withdraw in two steps, as Bank.spec designs it: an ATM asks
/// for approval of an amount, and later dispenses the cash, which debits the account.
public protocol Account {
  var balance: Int { get }
  /// The amount each ATM has approved and not yet dispensed.
  var approved: [String: Int] { get }
  init(balance: Int, approved: [String: Int])
  mutating func approve(atm: String, amount: Int) throws(AccountError)
  mutating func dispense(atm: String) throws(AccountError)
  mutating func deposit(_ amount: Int)
}
