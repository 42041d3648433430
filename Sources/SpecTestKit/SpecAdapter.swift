/// What a generated test needs from an implementation: the bridge between the spec's
/// actions and variables and the implementation's API.
///
/// Write one per implementation. Values cross the bridge as `SpecValue`s; the variables
/// are named as in the spec.
public protocol SpecAdapter {
  /// Puts the implementation in `state`, the trace's first state (every variable of the
  /// spec, by name).
  mutating func reset(to state: [String: SpecValue]) throws

  /// Performs one action of the spec with its arguments (by parameter name).
  /// - Returns: false when the implementation refuses the action (a precondition fails,
  ///   it throws a domain error, ...): the test treats that as "the step did not happen".
  mutating func step(_ action: String, _ arguments: [String: SpecValue]) throws -> Bool

  /// The variables the implementation exposes, by the spec's names. Only these are
  /// compared with the trace, so an implementation may keep the rest hidden; it must
  /// expose at least one, and no name the spec does not have.
  mutating func observe() throws -> [String: SpecValue]
}
