/// One line of explore input, parsed.
enum Command: Equatable {
  /// An empty line or a comment (`#` or `//` first).
  case nothing
  case takeNumber(Int)
  /// `take NAME(args)`, or a line that starts with an action's name: the text of the call.
  case takeAction(String)
  case back(Int)
  case reset
  case random(Int)
  case eval(String)
  case find(String)
  case check
  case trace
  case show
  case save(String)
  case load(String)
  case help
  case quit

  /// The most steps one `random` or `back` may ask for.
  static let maxCount = 1_000_000

  /// Parses a line; `actionNames` lets a bare `FillBig` or `Send(p = 1)` mean `take`.
  static func parse(_ line: String, actionNames: Set<String>) throws(SessionError) -> Command {
    let text = line.trimmed
    if text.isEmpty || text.hasPrefix("#") || text.hasPrefix("//") { return .nothing }
    if let number = Int(text) { return .takeNumber(number) }
    let word = String(text.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
    let rest = String(text.dropFirst(word.count)).trimmed
    func noArgument(_ command: Command) throws(SessionError) -> Command {
      guard rest.isEmpty else { throw SessionError("'\(word)' takes no argument") }
      return command
    }
    func argument(_ what: String) throws(SessionError) -> String {
      guard !rest.isEmpty else { throw SessionError("'\(word)' needs \(what)") }
      return rest
    }
    switch word {
    case "take":
      let target = try argument("an action's number or name, as in 'take 2' or 'take Send(p = 1)'")
      if let number = Int(target) { return .takeNumber(number) }
      return .takeAction(target)
    case "back": return .back(try optionalCount(rest, word))
    case "reset": return try noArgument(.reset)
    case "random": return .random(try optionalCount(rest, word))
    case "eval": return .eval(try argument("an expression, as in 'eval x + 1'"))
    case "find": return .find(try argument("a Boolean expression, as in 'find x = 3'"))
    case "check": return try noArgument(.check)
    case "trace": return try noArgument(.trace)
    case "show": return try noArgument(.show)
    case "save": return .save(try argument("a file name, as in 'save path.itf.json'"))
    case "load": return .load(try argument("a file name, as in 'load path.itf.json'"))
    case "help": return .help
    case "quit", "exit": return try noArgument(.quit)
    default:
      if actionNames.contains(word), rest.isEmpty || rest.hasPrefix("(") {
        return .takeAction(text)
      }
      throw SessionError(
        "unknown command '\(word.isEmpty ? text : word)'; type 'help' for the commands")
    }
  }

  static func optionalCount(_ text: String, _ word: String) throws(SessionError) -> Int {
    if text.isEmpty { return 1 }
    guard let count = Int(text), count >= 1, count <= maxCount else {
      throw SessionError("'\(word)' takes a number of steps from 1 to \(maxCount), found '\(text)'")
    }
    return count
  }
}

extension String {
  var trimmed: String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
    return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
  }
}
