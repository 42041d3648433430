import Bank
import Foundation
import SpecTestKit

/// The adapter between Bank.spec and the Swift accounts, for the generated tests. The
/// environment variable BANK_IMPLEMENTATION chooses the account: `buggy` or `fixed` (the
/// default), so one build of the tests runs against either.
struct BankAdapter: SpecAdapter {
  static let atms = ["atm1", "atm2"]
  var account: any Account

  init() {
    let buggy = ProcessInfo.processInfo.environment["BANK_IMPLEMENTATION"] == "buggy"
    account = buggy ? BuggyAccount(balance: 0) : FixedAccount(balance: 0)
  }

  enum Problem: Error { case unexpected(String) }

  mutating func reset(to state: [String: SpecValue]) throws {
    guard case .int(let balance)? = state["balance"], let balance = balance.intValue,
      case .map(let pending)? = state["pending"]
    else { throw Problem.unexpected("state \(state)") }
    var approved: [String: Int] = [:]
    for (key, value) in pending {
      guard case .string(let atm) = key, case .int(let amount) = value,
        let amount = amount.intValue
      else { throw Problem.unexpected("pending \(pending)") }
      if amount > 0 { approved[atm] = amount }
    }
    account = type(of: account).init(balance: balance, approved: approved)
  }

  mutating func step(_ action: String, _ arguments: [String: SpecValue]) throws -> Bool {
    do {
      switch (action, arguments["atm"], arguments["amount"]) {
      case ("Approve", .string(let atm)?, .int(let amount)?):
        try account.approve(atm: atm, amount: amount.intValue ?? .max)
      case ("Dispense", .string(let atm)?, _):
        try account.dispense(atm: atm)
      case ("Deposit", _, _):
        account.deposit(1)
      default:
        throw Problem.unexpected("\(action) \(arguments)")
      }
    } catch AccountError.insufficientFunds {
      return false
    }
    return true
  }

  func observe() -> [String: SpecValue] {
    var pending: [SpecValue: SpecValue] = [:]
    for atm in Self.atms { pending[.string(atm)] = .int(account.approved[atm] ?? 0) }
    return ["balance": .int(account.balance), "pending": .map(pending)]
  }
}
