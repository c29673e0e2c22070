//! The documentation of each kind of syntax error, shown by `sentinelctl rule <CODE>` and in
//! the generated rule pages. Each text uses the fixed headings "What it does", "Why is this
//! bad?" and "Example" (plus "Use instead" where a fix is clear).

use crate::kql::error::SyntaxErrorKind;

/// The markdown documentation of `kind`.
pub(crate) fn docs(kind: SyntaxErrorKind) -> &'static str {
    use SyntaxErrorKind::*;
    match kind {
        UnexpectedToken => UNEXPECTED_TOKEN,
        UnterminatedString => UNTERMINATED_STRING,
        MissingClosingBracket => MISSING_CLOSING_BRACKET,
        UnknownOperator => UNKNOWN_OPERATOR,
        MissingExpression => MISSING_EXPRESSION,
        MissingToken => MISSING_TOKEN,
        MissingSemicolon => MISSING_SEMICOLON,
        MissingComma => MISSING_COMMA,
        UnexpectedCharacter => UNEXPECTED_CHARACTER,
        MissingName => MISSING_NAME,
        UnmatchedClosingBracket => UNMATCHED_CLOSING_BRACKET,
        MisplacedPipe => MISPLACED_PIPE,
        NestingTooDeep => NESTING_TOO_DEEP,
        InvalidDynamicLiteral => INVALID_DYNAMIC_LITERAL,
        InvalidEscape => INVALID_ESCAPE,
        KeywordAsName => KEYWORD_AS_NAME,
        TooManyErrors => TOO_MANY_ERRORS,
    }
}

const UNEXPECTED_TOKEN: &str = "## What it does
Flags a token that cannot stand where it is, such as a stray `;` at the start of a statement.

## Why is this bad?
The query does not parse, so Microsoft Sentinel rejects the rule when it is deployed.

## Example
```kql
SigninLogs;;
```

## Use instead
```kql
SigninLogs;
```
";

const UNTERMINATED_STRING: &str = "## What it does
Flags a string literal whose closing quote is missing.
Quoted strings end at the end of their line; only ```` ``` ```` strings may span lines.

## Why is this bad?
Everything after the opening quote becomes part of the string, so the rest of the line is lost
and the query does not parse.

## Example
```kql
SigninLogs | where UserPrincipalName == 'alice@contoso.com
```

## Use instead
```kql
SigninLogs | where UserPrincipalName == 'alice@contoso.com'
```
";

const MISSING_CLOSING_BRACKET: &str = "## What it does
Flags a `(`, `[` or `{` whose closing bracket is missing.

## Why is this bad?
The query does not parse; the parser cannot tell where the call, list or body was meant to end.

## Example
```kql
SigninLogs | summarize count( by UserPrincipalName
```

## Use instead
```kql
SigninLogs | summarize count() by UserPrincipalName
```
";

const UNKNOWN_OPERATOR: &str = "## What it does
Flags a word after `|` that is not a tabular operator, often a misspelling.

## Why is this bad?
The query does not parse, and the intended step (sorting, filtering...) never runs.

## Example
```kql
SigninLogs | sorty by TimeGenerated
```

## Use instead
```kql
SigninLogs | sort by TimeGenerated
```
";

const MISSING_EXPRESSION: &str = "## What it does
Flags a place that needs a value but has none, such as the right side of `==` or an empty `in ()`.
A trailing comma in a list is a common cause.

## Why is this bad?
The query does not parse. A placeholder such as `%%value%%` left from a template is a common
cause.

## Example
```kql
let threshold = ;
SigninLogs | where ResultType in ('50126', )
```

## Use instead
```kql
let threshold = 5;
SigninLogs | where ResultType in ('50126')
```
";

const MISSING_TOKEN: &str = "## What it does
Flags a missing keyword or punctuation mark the grammar requires, such as the `=` of a `let`.

## Why is this bad?
The query does not parse.

## Example
```kql
let lookback 1d;
DeviceEvents | where FileName in 'a.exe'
```

## Use instead
```kql
let lookback = 1d;
DeviceEvents | where FileName in ('a.exe')
```
";

const MISSING_SEMICOLON: &str = "## What it does
Flags two statements that follow each other without `;` between them.
Usually a `let` lacks its `;`, or two queries were pasted into one rule.

## Why is this bad?
A rule's query must be one query. Several queries separated by blank lines run one by one in
the Log Analytics editor, but Sentinel parses the whole text at once and rejects it.

## Example
```kql
let lookback = 1d
SigninLogs | where TimeGenerated > ago(lookback)
```

## Use instead
```kql
let lookback = 1d;
SigninLogs | where TimeGenerated > ago(lookback)
```
";

const MISSING_COMMA: &str = "## What it does
Flags two list items (columns, arguments, values) with no `,` between them.

## Why is this bad?
The query does not parse. Often an `=` or a `,` was deleted, or two queries were pasted
together.

## Example
```kql
SigninLogs | project TimeGenerated UserPrincipalName
```

## Use instead
```kql
SigninLogs | project TimeGenerated, UserPrincipalName
```
";

const UNEXPECTED_CHARACTER: &str = "## What it does
Flags a character KQL does not use, most often typographic quotes (`“ ”`, `‘ ’`).
They come from pasting a query out of a document; a stray backslash is another cause.

## Why is this bad?
The query does not parse.

## Example
```kql
DeviceEvents | where ActionType == “AntivirusDetection”
```

## Use instead
```kql
DeviceEvents | where ActionType == \"AntivirusDetection\"
```
";

const MISSING_NAME: &str = "## What it does
Flags a place that needs a name (after `let` or `.`, a column in a list) but has none.

## Why is this bad?
The query does not parse.

## Example
```kql
SigninLogs | extend Country = LocationDetails.
```

## Use instead
```kql
SigninLogs | extend Country = LocationDetails.countryOrRegion
```
";

const UNMATCHED_CLOSING_BRACKET: &str = "## What it does
Flags a `)`, `]` or `}` that closes nothing.

## Why is this bad?
The query does not parse; an extra bracket usually means a subquery ended earlier than meant.

## Example
```kql
SigninLogs | summarize count() by UserPrincipalName)
```

## Use instead
```kql
SigninLogs | summarize count() by UserPrincipalName
```
";

const MISPLACED_PIPE: &str = "## What it does
Flags a `|` with no tabular operator after it, and a query that starts with `|`.

## Why is this bad?
The query does not parse. A query that starts with `|` is a fragment of a longer query; a `|`
followed by another `|` or by the end usually means a line was deleted.

## Example
```kql
| where TimeGenerated > ago(1d)
```

## Use instead
```kql
SigninLogs
| where TimeGenerated > ago(1d)
```
";

const NESTING_TOO_DEEP: &str = "## What it does
Flags a bracket opened more than 100 levels deep.
Parentheses, square brackets and braces all count, including those of function calls and
`dynamic` values. What is inside that bracket is not checked; the rest of the query is.

## Why is this bad?
No real query nests this deeply (hand-written ones rarely pass 15 levels); the text is most
likely generated or corrupted. Bounding the depth keeps the linter from exhausting its stack.

## Example
```kql
print tostring(tostring(tostring(tostring(tostring(tostring(tostring(tostring(1))))))))
```
(with more than 100 nested calls)

## Use instead
Remove redundant brackets, or move inner parts into `let` statements:
```kql
let inner = tostring(tostring(1));
print tostring(tostring(inner))
```
";

const INVALID_DYNAMIC_LITERAL: &str = "## What it does
Flags a malformed value inside `dynamic(...)`, such as a trailing comma or a bare word.

## Why is this bad?
The query does not parse.

## Example
```kql
let Devices = dynamic([\"workstation01\", ]);
```

## Use instead
```kql
let Devices = dynamic([\"workstation01\"]);
```
";

const INVALID_ESCAPE: &str = "## What it does
Flags a backslash escape that KQL does not know in a quoted string.
Typically a regular expression or a Windows path was written in a plain string.

## Why is this bad?
Kusto rejects the string, so the query does not parse.

## Example
```kql
DeviceProcessEvents | where ProcessCommandLine matches regex \"\\d{4,}\"
```

## Use instead
```kql
DeviceProcessEvents | where ProcessCommandLine matches regex @\"\\d{4,}\"
```
";

const KEYWORD_AS_NAME: &str = "## What it does
Flags a keyword, such as the type name `string`, used as a column or variable name.

## Why is this bad?
Kusto reads the word as the keyword, so the query does not parse.

## Example
```kql
Logs | project string
```

## Use instead
```kql
Logs | project ['string']
```
";

const TOO_MANY_ERRORS: &str = "## What it does
Notes that a query has more syntax errors than are listed.
The first 20 are reported; this note, at the first one left out, says how many more there are.

## Why is this bad?
It is not a mistake of its own. One slip, such as a bracket closed too often or a query pasted
into itself, can set off hundreds of follow-on errors; listing them all would bury the first,
which is the one to fix, and slow every report down.

## Example
```kql
SecurityEvent | where EventID == 4625 )))))))))))))))))))))))))))))))
```

## Use instead
Fix the errors that are listed, then lint again.
";
