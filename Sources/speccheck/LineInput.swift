import Foundation

/// Where explore's commands come from: a line editor on a terminal, plain lines otherwise.
protocol LineSource {
  /// The next line without its newline, or nil at the end of input.
  mutating func readLine(prompt: String) -> String?
}

/// Chooses how to read lines: with libedit when standard input and output are both a
/// terminal and the library can be loaded, plain reading otherwise.
struct LineInput {
  var source: any LineSource
  /// Standard input is a terminal: the user sees what they type, so it is not echoed.
  let isInteractive: Bool

  static func make() -> LineInput {
    let interactive = isatty(STDIN_FILENO) != 0
    if interactive, isatty(STDOUT_FILENO) != 0,
      ProcessInfo.processInfo.environment["SPECCHECK_NO_EDITLINE"] == nil,
      let editor = EditLine.load()
    {
      return LineInput(source: editor, isInteractive: true)
    }
    return LineInput(source: PlainLines(showsPrompt: interactive), isInteractive: interactive)
  }

  mutating func readLine(prompt: String) -> String? { source.readLine(prompt: prompt) }
}

/// Lines from standard input as they come; the prompt only on a terminal.
struct PlainLines: LineSource {
  let showsPrompt: Bool

  mutating func readLine(prompt: String) -> String? {
    if showsPrompt { Terminal.write(prompt) }
    return Swift.readLine(strippingNewline: true)
  }
}

/// Line editing and history through libedit's readline-compatible functions, looked up
/// at run time with `dlopen`.
///
/// Why not link it: linking needs the `libedit-dev` headers on every machine that builds
/// speccheck, while the shared library itself (`libedit.so.2`) is already installed wherever
/// the Swift toolchain is (LLDB links it), and on macOS. Why not GNU readline: its GPL
/// would bind the binary. Only `readline` and `add_history` are used: they are not
/// variadic, so they can be called through plain C function pointers. If the library is
/// missing, explore reads plain lines.
final class EditLine: LineSource {
  typealias ReadlineFunction =
    @convention(c) (UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>?
  typealias AddHistoryFunction = @convention(c) (UnsafePointer<CChar>?) -> Int32

  let readlineFunction: ReadlineFunction
  let addHistoryFunction: AddHistoryFunction
  var lastLine: String?

  init(readline: ReadlineFunction, addHistory: AddHistoryFunction) {
    readlineFunction = readline
    addHistoryFunction = addHistory
  }

  static let libraryNames = ["libedit.so.2", "libedit.so", "libedit.3.dylib", "libedit.dylib"]

  static func load() -> EditLine? {
    for name in libraryNames {
      guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
      guard let readline = dlsym(handle, "readline"), let addHistory = dlsym(handle, "add_history")
      else {
        dlclose(handle)
        continue
      }
      return EditLine(
        readline: unsafeBitCast(readline, to: ReadlineFunction.self),
        addHistory: unsafeBitCast(addHistory, to: AddHistoryFunction.self))
    }
    return nil
  }

  func readLine(prompt: String) -> String? {
    guard let raw = prompt.withCString({ readlineFunction($0) }) else { return nil }
    defer { free(raw) }
    let line = String(cString: raw)
    if line.contains(where: { !$0.isWhitespace }), line != lastLine {
      _ = addHistoryFunction(raw)
      lastLine = line
    }
    return line
  }
}
