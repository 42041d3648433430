import Testing

@testable import SpecSyntax

/// Precedence, associativity and every expression form of LANGUAGE.md, pinned by `dump`.
@Suite("Expression parser")
struct ExpressionParserTests {
  @Test(
    "binds each operator at its level of the precedence table",
    arguments: [
      // 1 vs 2 vs 3: `=>`/`<=>` loosest, then `\/`, then `/\`.
      (#"a \/ b => c"#, #"(=> (\/ a b) c)"#),
      (#"a => b \/ c"#, #"(=> a (\/ b c))"#),
      (#"a /\ b \/ c"#, #"(\/ (/\ a b) c)"#),
      (#"a \/ b /\ c"#, #"(\/ a (/\ b c))"#),
      (#"a /\ b <=> c"#, #"(<=> (/\ a b) c)"#),
      // 3 vs 4 vs 5: `~` is looser than comparisons and tighter than `/\`.
      (#"~ a = b"#, #"(~ (= a b))"#),
      (#"~ a /\ b"#, #"(/\ (~ a) b)"#),
      (#"~ a \in S"#, #"(~ (\in a S))"#),
      (#"a = b /\ c = d"#, #"(/\ (= a b) (= c d))"#),
      // 5 vs 6 vs 7 vs 8.
      (#"a \in S \union T"#, #"(\in a (\union S T))"#),
      (#"a \in 1..N"#, #"(\in a (.. 1 N))"#),
      (#"1..N+1"#, #"(.. 1 (+ N 1))"#),
      (#"1..N \union M"#, #"(.. 1 (\union N M))"#),
      (#"k :> v + 1"#, #"(:> k (+ v 1))"#),
      (#"s \o t = u"#, #"(= (\o s t) u)"#),
      // 8 vs 9 vs 10 vs 11 vs 12.
      (#"a + b * c"#, #"(+ a (* b c))"#),
      (#"a * b + c"#, #"(+ (* a b) c)"#),
      (#"a - b % c"#, #"(- a (% b c))"#),
      (#"-x^2"#, #"(- (^ x 2))"#),
      (#"-x * y"#, #"(* (- x) y)"#),
      (#"a - -b"#, #"(- a (- b))"#),
      (#"2 * 3^2"#, #"(* 2 (^ 3 2))"#),
      (#"x^-1"#, #"(^ x -1)"#),
      (#"f[x]^2"#, #"(^ (apply f x) 2)"#),
      (#"-f[x]"#, #"(- (apply f x))"#),
      (#"r.a + 1"#, #"(+ (. r a) 1)"#),
      (#"x' + 1"#, #"(+ (' x) 1)"#),
      (#"Len(s) - 1"#, #"(- (call Len s) 1)"#),
    ])
  func precedence(source: String, dump: String) {
    #expect(dumpExpr(source) == dump)
  }

  @Test(
    "associates every binary operator to the left except =>",
    arguments: [
      (#"a => b => c"#, #"(=> a (=> b c))"#),
      (#"a <=> b <=> c"#, #"(<=> (<=> a b) c)"#),
      (#"a <=> b => c"#, #"(=> (<=> a b) c)"#),
      (#"a => b <=> c"#, #"(=> a (<=> b c))"#),
      (#"a \/ b \/ c"#, #"(\/ (\/ a b) c)"#),
      (#"a /\ b /\ c"#, #"(/\ (/\ a b) c)"#),
      (#"a .. b .. c"#, #"(.. (.. a b) c)"#),
      (#"S \union T \intersect U"#, #"(\intersect (\union S T) U)"#),
      (#"S \ T \ U"#, #"(\ (\ S T) U)"#),
      (#"s \o t \o u"#, #"(\o (\o s t) u)"#),
      (#"a :> b @@ c"#, #"(@@ (:> a b) c)"#),
      (#"a - b - c"#, #"(- (- a b) c)"#),
      (#"a + b - c"#, #"(- (+ a b) c)"#),
      (#"a \div b % c"#, #"(% (\div a b) c)"#),
      (#"a * b \div c"#, #"(\div (* a b) c)"#),
      (#"2^3^4"#, #"(^ (^ 2 3) 4)"#),
    ])
  func associativity(source: String, dump: String) {
    #expect(dumpExpr(source) == dump)
  }

  @Test(
    "spells each comparison as its table entry",
    arguments: [
      (#"a = b"#, #"(= a b)"#),
      (#"a /= b"#, #"(/= a b)"#),
      (#"a # b"#, #"(/= a b)"#),
      (#"a < b"#, #"(< a b)"#),
      (#"a > b"#, #"(> a b)"#),
      (#"a <= b"#, #"(<= a b)"#),
      (#"a =< b"#, #"(<= a b)"#),
      (#"a >= b"#, #"(>= a b)"#),
      (#"a \in S"#, #"(\in a S)"#),
      (#"a \notin S"#, #"(\notin a S)"#),
      (#"S \subseteq T"#, #"(\subseteq S T)"#),
      (#"S \cup T"#, #"(\union S T)"#),
      (#"S \cap T"#, #"(\intersect S T)"#),
      (#"f @@ g"#, #"(@@ f g)"#),
      (#"k :> v"#, #"(:> k v)"#),
    ])
  func comparisonSpellings(source: String, dump: String) {
    #expect(dumpExpr(source) == dump)
  }

  @Test(
    "rejects a comparison chained onto another",
    arguments: [
      (#"a = b = c"#, #"2:15 SPC105 '=' cannot follow another comparison; add parentheses"#),
      (#"a < b < c"#, #"2:15 SPC105 '<' cannot follow another comparison; add parentheses"#),
      (
        #"a \in S \subseteq T"#,
        #"2:17 SPC105 '\subseteq' cannot follow another comparison; add parentheses"#
      ),
      (#"a = b + 1 # c"#, #"2:19 SPC105 '/=' cannot follow another comparison; add parentheses"#),
    ])
  func nonAssociativeComparisons(source: String, message: String) {
    #expect(dumpExpr(source) == message)
  }

  @Test("accepts a parenthesised comparison compared again")
  func parenthesisedComparison() {
    #expect(dumpExpr("(a = b) = c") == "(= (= a b) c)")
    #expect(dumpExpr("a = (b = c)") == "(= a (= b c))")
  }

  @Test("lets quantifiers, CHOOSE, IF, CASE and LET extend as far right as possible")
  func extendRight() {
    #expect(dumpExpr(#"\A x \in S: P /\ Q"#) == #"(\A (x S) (/\ P Q))"#)
    #expect(dumpExpr(#"a /\ \E x \in S: P \/ Q"#) == #"(/\ a (\E (x S) (\/ P Q)))"#)
    #expect(dumpExpr(#"CHOOSE x \in S: x > 0 /\ x < 3"#) == #"(CHOOSE x S (/\ (> x 0) (< x 3)))"#)
    #expect(dumpExpr("IF a THEN b ELSE c + 1") == "(if a b (+ c 1))")
    #expect(dumpExpr("1 + IF a THEN b ELSE c + 1") == "(+ 1 (if a b (+ c 1)))")
    #expect(dumpExpr("CASE a -> b [] c -> d + 1") == "(case (a b) (c (+ d 1)))")
    #expect(dumpExpr("LET x == 1 IN x + 1") == "(let (x 1) (+ x 1))")
  }

  @Test("parses names, literals and parentheses")
  func atoms() {
    #expect(dumpExpr("x_1") == "x_1")
    #expect(dumpExpr("42") == "42")
    #expect(dumpExpr(#""working""#) == #""working""#)
    #expect(dumpExpr("TRUE") == "TRUE")
    #expect(dumpExpr("FALSE") == "FALSE")
    #expect(dumpExpr("-2") == "-2")
    #expect(dumpExpr("- 2") == "-2")
    #expect(dumpExpr("- - x") == "(- (- x))")
    #expect(dumpExpr("((a))") == "a")
    #expect(dumpExpr("(a + b) * c") == "(* (+ a b) c)")
    #expect(dumpExpr("a + (b * c)") == "(+ a (* b c))")
  }

  @Test("parses IF, CASE with and without OTHER, and nested IF")
  func conditionals() {
    #expect(dumpExpr("IF a THEN b ELSE c") == "(if a b c)")
    #expect(dumpExpr("IF a THEN IF b THEN c ELSE d ELSE e") == "(if a (if b c d) e)")
    #expect(dumpExpr("CASE a -> 1 [] b -> 2") == "(case (a 1) (b 2))")
    #expect(dumpExpr("CASE a -> 1 [] b -> 2 [] OTHER -> 3") == "(case (a 1) (b 2) (OTHER 3))")
    #expect(
      dumpExpr("CASE x = 1 -> TRUE [] OTHER -> FALSE") == "(case ((= x 1) TRUE) (OTHER FALSE))")
  }

  @Test("parses LET with one definition, several, and parameters")
  func letIn() {
    #expect(dumpExpr("LET x == 1 IN x") == "(let (x 1) x)")
    #expect(dumpExpr("LET x == 1  y == x + 1 IN x + y") == "(let (x 1) (y (+ x 1)) (+ x y))")
    #expect(
      dumpExpr("LET F(a, b) == a + b  G(c) == c IN F(1, G(2))")
        == "(let (F(a b) (+ a b)) (G(c) c) (call F 1 (call G 2)))")
    #expect(dumpExpr("LET x == 1 IN LET y == 2 IN x") == "(let (x 1) (let (y 2) x))")
  }

  @Test("parses CHOOSE and quantifiers with several bindings")
  func binders() {
    #expect(dumpExpr(#"CHOOSE x \in S: x > 0"#) == "(CHOOSE x S (> x 0))")
    #expect(dumpExpr(#"\A x \in S: P"#) == #"(\A (x S) P)"#)
    #expect(dumpExpr(#"\E x \in S: P"#) == #"(\E (x S) P)"#)
    #expect(dumpExpr(#"\E x, y \in S, z \in T: P"#) == #"(\E (x y S) (z T) P)"#)
    #expect(
      dumpExpr(#"\A r1, r2 \in RM: ~(s[r1] = "a" /\ s[r2] = "c")"#)
        == #"(\A (r1 r2 RM) (~ (/\ (= (apply s r1) "a") (= (apply s r2) "c"))))"#)
    #expect(dumpExpr(#"\A x \in S: \E y \in T: x = y"#) == #"(\A (x S) (\E (y T) (= x y)))"#)
  }

  @Test("parses every set form")
  func sets() {
    #expect(dumpExpr("{}") == "{}")
    #expect(dumpExpr("{a}") == "{a}")
    #expect(dumpExpr("{a, b}") == "{a b}")
    #expect(dumpExpr("{1, 2 + 3, {}}") == "{1 (+ 2 3) {}}")
    #expect(dumpExpr(#"{x \in S: P}"#) == "(filter (x S) P)")
    #expect(dumpExpr(#"{x \in 1..N: x % 2 = 0}"#) == "(filter (x (.. 1 N)) (= (% x 2) 0))")
    #expect(dumpExpr(#"{e: x \in S}"#) == "(map e (x S))")
    #expect(dumpExpr(#"{x + y: x \in S, y \in T}"#) == "(map (+ x y) (x S) (y T))")
    #expect(dumpExpr(#"{<<x, y>>: x, y \in S}"#) == "(map <<x y>> (x y S))")
    #expect(dumpExpr(#"SUBSET S"#) == "(SUBSET S)")
    #expect(dumpExpr(#"UNION {S, T}"#) == "(UNION {S T})")
    #expect(dumpExpr(#"SUBSET S \union T"#) == #"(\union (SUBSET S) T)"#)
  }

  @Test("parses function constructors, function sets, application and DOMAIN")
  func functions() {
    #expect(dumpExpr(#"[x \in S |-> e]"#) == "(fn (x S) e)")
    #expect(dumpExpr(#"[x, y \in S, z \in T |-> x + z]"#) == "(fn (x y S) (z T) (+ x z))")
    #expect(dumpExpr(#"[S -> T]"#) == "(-> S T)")
    #expect(dumpExpr(#"[S -> [T -> U]]"#) == "(-> S (-> T U))")
    #expect(dumpExpr(#"[1..N -> BOOLEAN]"#) == "(-> (.. 1 N) BOOLEAN)")
    #expect(dumpExpr("f[x]") == "(apply f x)")
    #expect(dumpExpr("f[a, b]") == "(apply f a b)")
    #expect(dumpExpr("f[a][b]") == "(apply (apply f a) b)")
    #expect(dumpExpr("DOMAIN f") == "(DOMAIN f)")
    #expect(dumpExpr("DOMAIN f[x]") == "(DOMAIN (apply f x))")
    #expect(dumpExpr(#"x \in DOMAIN f"#) == #"(\in x (DOMAIN f))"#)
  }

  @Test("parses records, record sets and field access, with keywords as field names")
  func records() {
    #expect(dumpExpr(#"[a |-> 1, b |-> "x"]"#) == #"(record (a 1) (b "x"))"#)
    #expect(dumpExpr(#"[type |-> "Commit"]"#) == #"(record (type "Commit"))"#)
    #expect(dumpExpr(#"[a: S, b: 1..3]"#) == "(recordset (a S) (b (.. 1 3)))")
    #expect(dumpExpr("r.field") == "(. r field)")
    #expect(dumpExpr("r.type") == "(. r type)")
    #expect(dumpExpr("m.rm.id") == "(. (. m rm) id)")
    #expect(dumpExpr("f[i].clean") == "(. (apply f i) clean)")
  }

  @Test("parses EXCEPT with index, field, tuple and mixed paths and @")
  func except() {
    #expect(
      dumpExpr(#"[f EXCEPT ![a] = e, ![b][c] = @ + 1]"#)
        == "(except f (![a] e) (![b][c] (+ @ 1)))")
    #expect(dumpExpr(#"[r EXCEPT !.a = 2]"#) == "(except r (!.a 2))")
    #expect(
      dumpExpr(#"[forks EXCEPT ![i].clean = FALSE, ![j].holder = i]"#)
        == "(except forks (![i].clean FALSE) (![j].holder i))")
    #expect(dumpExpr(#"[f EXCEPT ![a, b] = 1]"#) == "(except f (![a b] 1))")
    #expect(
      dumpExpr(#"[f EXCEPT ![i] = @ \union {x}]"#) == #"(except f (![i] (\union @ {x})))"#)
    #expect(
      dumpExpr(#"[pc EXCEPT ![self] = "Eat"]"#) == #"(except pc (![self] "Eat"))"#)
  }

  @Test("parses tuples, the empty tuple and nested tuples")
  func tuples() {
    #expect(dumpExpr("<<a, b>>") == "<<a b>>")
    #expect(dumpExpr("<<a>>") == "<<a>>")
    #expect(dumpExpr("<< >>") == "<<>>")
    #expect(dumpExpr("<<>>") == "<<>>")
    #expect(dumpExpr("<<<<a>>, b + 1>>") == "<<<<a>> (+ b 1)>>")
    #expect(dumpExpr("s \\o <<x>>") == #"(\o s <<x>>)"#)
  }

  @Test("parses primes on variables, applications and fields")
  func primes() {
    #expect(dumpExpr("x'") == "(' x)")
    #expect(dumpExpr("x' = x + 1") == "(= (' x) (+ x 1))")
    #expect(dumpExpr("x'[k] = e") == "(= (apply (' x) k) e)")
    #expect(dumpExpr("x'[k].f") == "(. (apply (' x) k) f)")
    #expect(dumpExpr("f[x]'") == "(' (apply f x))")
    #expect(dumpExpr("(a + b)'") == "(' (+ a b))")
  }

  @Test("parses UNCHANGED in all three forms")
  func unchanged() {
    #expect(dumpExpr("UNCHANGED x") == "(UNCHANGED x)")
    #expect(dumpExpr("UNCHANGED x, y") == "(UNCHANGED x y)")
    #expect(dumpExpr("UNCHANGED <<x, y>>") == "(UNCHANGED x y)")
  }

  @Test("parses calls of built-ins and operators")
  func calls() {
    #expect(dumpExpr("Len(s)") == "(call Len s)")
    #expect(dumpExpr("Append(s, e)") == "(call Append s e)")
    #expect(dumpExpr("Head(s) = Tail(t)") == "(= (call Head s) (call Tail t))")
    #expect(dumpExpr("SubSeq(s, 1, Len(s) - 1)") == "(call SubSeq s 1 (- (call Len s) 1))")
    #expect(dumpExpr("Cardinality(S) = 3") == "(= (call Cardinality S) 3)")
    #expect(dumpExpr("F(G(x), y)[1]") == "(apply (call F (call G x) y) 1)")
  }

  @Test(
    "gives Unicode operators the dump of their ASCII forms",
    arguments: [
      ("a ∧ b", #"a /\ b"#, #"(/\ a b)"#),
      ("a ∨ b", #"a \/ b"#, #"(\/ a b)"#),
      ("¬a", "~a", "(~ a)"),
      ("a ⇒ b", "a => b", "(=> a b)"),
      ("a ⇔ b", "a <=> b", "(<=> a b)"),
      ("∀ x ∈ S: P", #"\A x \in S: P"#, #"(\A (x S) P)"#),
      ("∃ x, y ∈ S: P", #"\E x, y \in S: P"#, #"(\E (x y S) P)"#),
      ("a ∉ S", #"a \notin S"#, #"(\notin a S)"#),
      ("S ∪ T", #"S \union T"#, #"(\union S T)"#),
      ("S ∩ T", #"S \intersect T"#, #"(\intersect S T)"#),
      ("S ⊆ T", #"S \subseteq T"#, #"(\subseteq S T)"#),
      ("a ≠ b", "a /= b", "(/= a b)"),
      ("a ≤ b", "a <= b", "(<= a b)"),
      ("a ≥ b", "a >= b", "(>= a b)"),
      ("[x ∈ S ↦ e]", #"[x \in S |-> e]"#, "(fn (x S) e)"),
      ("[a ↦ 1]", "[a |-> 1]", "(record (a 1))"),
      ("⟨a, b⟩", "<<a, b>>", "<<a b>>"),
      ("⟨⟩", "<<>>", "<<>>"),
      (
        "¬(a ∈ S ∧ b ≤ 1) ⇒ c", #"~(a \in S /\ b <= 1) => c"#,
        #"(=> (~ (/\ (\in a S) (<= b 1))) c)"#
      ),
    ])
  func unicodeOperators(unicode: String, ascii: String, dump: String) {
    #expect(dumpExpr(unicode) == dump)
    #expect(dumpExpr(ascii) == dump)
  }

  @Test(
    "accepts TLA+'s alternative backslash spellings",
    arguments: [
      (#"a \land b"#, #"(/\ a b)"#),
      (#"a \lor b"#, #"(\/ a b)"#),
      (#"\lnot a"#, "(~ a)"),
      (#"\neg a"#, "(~ a)"),
      (#"a \equiv b"#, "(<=> a b)"),
      (#"a \leq b"#, "(<= a b)"),
      (#"a \geq b"#, "(>= a b)"),
      (#"\forall x \in S: P"#, #"(\A (x S) P)"#),
      (#"\exists x \in S: P"#, #"(\E (x S) P)"#),
      (#"s \circ t"#, #"(\o s t)"#),
    ])
  func backslashSpellings(source: String, dump: String) {
    #expect(dumpExpr(source) == dump)
  }

  @Test("gives every node of a parse a distinct id and counts them in the module")
  func nodeIDs() {
    let parsed = Parsed("spec T\ndef X = a + b * c\ninvariant I: x = 1\n")
    #expect(parsed.diagnostics.isEmpty)
    var ids: [Int] = []
    func collect(_ expr: Expr) {
      ids.append(expr.id)
      expr.children.forEach(collect)
    }
    for declaration in parsed.module.declarations {
      switch declaration.kind {
      case .definition(_, _, let body), .invariant(let body): collect(body)
      default: Issue.record("unexpected declaration \(declaration.summary)")
      }
    }
    #expect(ids.sorted() == Array(0..<8))
    #expect(parsed.module.nodeCount == 8)
  }
}
