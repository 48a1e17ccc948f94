namespace GeoMonitor.GraphQL.Language;

/// <summary>
/// A recursive-descent parser for the whole GraphQL grammar (spec appendix B), executable and type-system
/// documents alike; which definitions are allowed where is left to validation and schema building.
/// </summary>
public sealed class Parser
{
    private static readonly IReadOnlyList<DirectiveNode> NoDirectives = [];
    private readonly Lexer _lexer;
    private readonly bool _noLocation;
    private readonly int _maxNesting;
    private int _nesting;

    private Parser(Source source, ParserOptions? options)
    {
        _lexer = new Lexer(source, options?.MaxTokens ?? int.MaxValue);
        _noLocation = options?.NoLocation ?? false;
        _maxNesting = options?.MaxNestingDepth ?? 256;
    }

    /// <summary>Parses a document.</summary>
    /// <exception cref="GraphQLSyntaxError">The text is not a valid document.</exception>
    public static DocumentNode Parse(string text, ParserOptions? options = null) => Parse(new Source(text), options);

    /// <summary>Parses a document.</summary>
    /// <exception cref="GraphQLSyntaxError">The text is not a valid document.</exception>
    public static DocumentNode Parse(Source source, ParserOptions? options = null) => new Parser(source, options).ParseDocument();

    /// <summary>Parses a single value literal, which may contain variables.</summary>
    public static ValueNode ParseValue(string text)
    {
        var p = new Parser(new Source(text), null);
        p.Expect(TokenKind.StartOfFile);
        var value = p.ParseValueLiteral(false);
        p.Expect(TokenKind.EndOfFile);
        return value;
    }

    /// <summary>Parses a single type reference such as "[String!]!".</summary>
    public static TypeNode ParseType(string text)
    {
        var p = new Parser(new Source(text), null);
        p.Expect(TokenKind.StartOfFile);
        var type = p.ParseTypeReference();
        p.Expect(TokenKind.EndOfFile);
        return type;
    }

    private Token Current => _lexer.Token;

    private DocumentNode ParseDocument()
    {
        var start = Current;
        var definitions = Many(TokenKind.StartOfFile, ParseDefinition, TokenKind.EndOfFile);
        return new DocumentNode(definitions) { Location = Loc(start) };
    }

    private DefinitionNode ParseDefinition()
    {
        if (Peek(TokenKind.BraceL)) return ParseOperationDefinition();
        var hasDescription = PeekDescription();
        var keyword = hasDescription ? _lexer.Lookahead() : Current;
        if (keyword.Kind == TokenKind.Name)
        {
            switch (keyword.Value)
            {
                case "schema": return ParseSchemaDefinition();
                case "scalar": return ParseScalarTypeDefinition();
                case "type": return ParseObjectTypeDefinition();
                case "interface": return ParseInterfaceTypeDefinition();
                case "union": return ParseUnionTypeDefinition();
                case "enum": return ParseEnumTypeDefinition();
                case "input": return ParseInputObjectTypeDefinition();
                case "directive": return ParseDirectiveDefinition();
            }
            if (hasDescription)
            {
                throw new GraphQLSyntaxError(_lexer.Source, Current.Start,
                    "Unexpected description, descriptions are supported only on type definitions.");
            }
            switch (keyword.Value)
            {
                case "query" or "mutation" or "subscription": return ParseOperationDefinition();
                case "fragment": return ParseFragmentDefinition();
                case "extend": return ParseTypeSystemExtension();
            }
        }
        throw Unexpected(keyword);
    }

    // ---- Operations and fragments (spec 2.3 - 2.8) ----

    private OperationDefinitionNode ParseOperationDefinition()
    {
        var start = Current;
        if (Peek(TokenKind.BraceL))
        {
            return new OperationDefinitionNode(OperationType.Query, null, [], NoDirectives, ParseSelectionSet()) { Location = Loc(start) };
        }
        var operation = ParseOperationType();
        var name = Peek(TokenKind.Name) ? ParseName() : null;
        return new OperationDefinitionNode(operation, name, ParseVariableDefinitions(), ParseDirectives(false), ParseSelectionSet())
        {
            Location = Loc(start),
        };
    }

    private OperationType ParseOperationType()
    {
        var token = Expect(TokenKind.Name);
        return token.Value switch
        {
            "query" => OperationType.Query,
            "mutation" => OperationType.Mutation,
            "subscription" => OperationType.Subscription,
            _ => throw Unexpected(token),
        };
    }

    private IReadOnlyList<VariableDefinitionNode> ParseVariableDefinitions() =>
        OptionalMany(TokenKind.ParenL, ParseVariableDefinition, TokenKind.ParenR);

    private VariableDefinitionNode ParseVariableDefinition()
    {
        var start = Current;
        var variable = ParseVariable();
        Expect(TokenKind.Colon);
        var type = ParseTypeReference();
        var defaultValue = Skip(TokenKind.Equals) ? ParseValueLiteral(true) : null;
        return new VariableDefinitionNode(variable, type, defaultValue, ParseDirectives(true)) { Location = Loc(start) };
    }

    private VariableNode ParseVariable()
    {
        var start = Current;
        Expect(TokenKind.Dollar);
        return new VariableNode(ParseName()) { Location = Loc(start) };
    }

    private SelectionSetNode ParseSelectionSet()
    {
        var start = Current;
        Nest();
        var node = new SelectionSetNode(Many(TokenKind.BraceL, ParseSelection, TokenKind.BraceR)) { Location = Loc(start) };
        _nesting--;
        return node;
    }

    private void Nest()
    {
        if (++_nesting > _maxNesting)
        {
            throw new GraphQLSyntaxError(_lexer.Source, Current.Start, $"Document is nested more than {_maxNesting} levels deep.");
        }
    }

    private SelectionNode ParseSelection() => Peek(TokenKind.Spread) ? ParseFragment() : ParseField();

    private FieldNode ParseField()
    {
        var start = Current;
        var nameOrAlias = ParseName();
        NameNode? alias = null;
        NameNode name;
        if (Skip(TokenKind.Colon))
        {
            alias = nameOrAlias;
            name = ParseName();
        }
        else
        {
            name = nameOrAlias;
        }
        var arguments = ParseArguments(false);
        var directives = ParseDirectives(false);
        var selectionSet = Peek(TokenKind.BraceL) ? ParseSelectionSet() : null;
        return new FieldNode(alias, name, arguments, directives, selectionSet) { Location = Loc(start) };
    }

    private IReadOnlyList<ArgumentNode> ParseArguments(bool isConst) =>
        OptionalMany(TokenKind.ParenL, () => ParseArgument(isConst), TokenKind.ParenR);

    private ArgumentNode ParseArgument(bool isConst)
    {
        var start = Current;
        var name = ParseName();
        Expect(TokenKind.Colon);
        return new ArgumentNode(name, ParseValueLiteral(isConst)) { Location = Loc(start) };
    }

    private SelectionNode ParseFragment()
    {
        var start = Current;
        Expect(TokenKind.Spread);
        var hasTypeCondition = SkipKeyword("on");
        if (!hasTypeCondition && Peek(TokenKind.Name))
        {
            return new FragmentSpreadNode(ParseFragmentName(), ParseDirectives(false)) { Location = Loc(start) };
        }
        var typeCondition = hasTypeCondition ? ParseNamedType() : null;
        return new InlineFragmentNode(typeCondition, ParseDirectives(false), ParseSelectionSet()) { Location = Loc(start) };
    }

    private FragmentDefinitionNode ParseFragmentDefinition()
    {
        var start = Current;
        ExpectKeyword("fragment");
        var name = ParseFragmentName();
        ExpectKeyword("on");
        var typeCondition = ParseNamedType();
        return new FragmentDefinitionNode(name, typeCondition, ParseDirectives(false), ParseSelectionSet()) { Location = Loc(start) };
    }

    private NameNode ParseFragmentName()
    {
        if (Current.Value == "on" && Current.Kind == TokenKind.Name) throw Unexpected(Current);
        return ParseName();
    }

    // ---- Values, directives, types (spec 2.9 - 2.12) ----

    private ValueNode ParseValueLiteral(bool isConst)
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.BracketL:
                Nest();
                var list = new ListValueNode(Any(TokenKind.BracketL, () => ParseValueLiteral(isConst), TokenKind.BracketR)) { Location = Loc(token) };
                _nesting--;
                return list;
            case TokenKind.BraceL:
                Nest();
                var obj = new ObjectValueNode(Any(TokenKind.BraceL, () => ParseObjectField(isConst), TokenKind.BraceR)) { Location = Loc(token) };
                _nesting--;
                return obj;
            case TokenKind.Int:
                _lexer.Advance();
                return new IntValueNode(token.Value!) { Location = Loc(token) };
            case TokenKind.Float:
                _lexer.Advance();
                return new FloatValueNode(token.Value!) { Location = Loc(token) };
            case TokenKind.String or TokenKind.BlockString:
                return ParseStringLiteral();
            case TokenKind.Name:
                _lexer.Advance();
                return token.Value switch
                {
                    "true" => new BooleanValueNode(true) { Location = Loc(token) },
                    "false" => new BooleanValueNode(false) { Location = Loc(token) },
                    "null" => new NullValueNode { Location = Loc(token) },
                    _ => new EnumValueNode(token.Value!) { Location = Loc(token) },
                };
            case TokenKind.Dollar:
                if (!isConst) return ParseVariable();
                _lexer.Advance();
                if (Current.Kind == TokenKind.Name)
                {
                    throw new GraphQLSyntaxError(_lexer.Source, token.Start, $"Unexpected variable \"${Current.Value}\" in constant value.");
                }
                throw Unexpected(token);
            default:
                throw Unexpected(token);
        }
    }

    private StringValueNode ParseStringLiteral()
    {
        var token = Current;
        _lexer.Advance();
        return new StringValueNode(token.Value!, token.Kind == TokenKind.BlockString) { Location = Loc(token) };
    }

    private ObjectFieldNode ParseObjectField(bool isConst)
    {
        var start = Current;
        var name = ParseName();
        Expect(TokenKind.Colon);
        return new ObjectFieldNode(name, ParseValueLiteral(isConst)) { Location = Loc(start) };
    }

    private IReadOnlyList<DirectiveNode> ParseDirectives(bool isConst)
    {
        if (!Peek(TokenKind.At)) return NoDirectives;
        var directives = new List<DirectiveNode>();
        while (Peek(TokenKind.At))
        {
            var start = Current;
            _lexer.Advance();
            var name = ParseName();
            directives.Add(new DirectiveNode(name, ParseArguments(isConst)) { Location = Loc(start) });
        }
        return directives;
    }

    private TypeNode ParseTypeReference()
    {
        var start = Current;
        TypeNode type;
        if (Skip(TokenKind.BracketL))
        {
            Nest();
            var inner = ParseTypeReference();
            Expect(TokenKind.BracketR);
            _nesting--;
            type = new ListTypeNode(inner) { Location = Loc(start) };
        }
        else
        {
            type = ParseNamedType();
        }
        return Skip(TokenKind.Bang) ? new NonNullTypeNode(type) { Location = Loc(start) } : type;
    }

    private NamedTypeNode ParseNamedType()
    {
        var start = Current;
        return new NamedTypeNode(ParseName()) { Location = Loc(start) };
    }

    private NameNode ParseName()
    {
        var token = Expect(TokenKind.Name);
        return new NameNode(token.Value!) { Location = Loc(token) };
    }

    // ---- Type system (spec 3) ----

    private bool PeekDescription() => Peek(TokenKind.String) || Peek(TokenKind.BlockString);

    private StringValueNode? ParseDescription() => PeekDescription() ? ParseStringLiteral() : null;

    private SchemaDefinitionNode ParseSchemaDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("schema");
        var directives = ParseDirectives(true);
        var operationTypes = Many(TokenKind.BraceL, ParseOperationTypeDefinition, TokenKind.BraceR);
        return new SchemaDefinitionNode(description, directives, operationTypes) { Location = Loc(start) };
    }

    private OperationTypeDefinitionNode ParseOperationTypeDefinition()
    {
        var start = Current;
        var operation = ParseOperationType();
        Expect(TokenKind.Colon);
        return new OperationTypeDefinitionNode(operation, ParseNamedType()) { Location = Loc(start) };
    }

    private ScalarTypeDefinitionNode ParseScalarTypeDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("scalar");
        var name = ParseName();
        return new ScalarTypeDefinitionNode(description, name, ParseDirectives(true)) { Location = Loc(start) };
    }

    private ObjectTypeDefinitionNode ParseObjectTypeDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("type");
        var name = ParseName();
        var interfaces = ParseImplementsInterfaces();
        var directives = ParseDirectives(true);
        return new ObjectTypeDefinitionNode(description, name, interfaces, directives, ParseFieldsDefinition()) { Location = Loc(start) };
    }

    private InterfaceTypeDefinitionNode ParseInterfaceTypeDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("interface");
        var name = ParseName();
        var interfaces = ParseImplementsInterfaces();
        var directives = ParseDirectives(true);
        return new InterfaceTypeDefinitionNode(description, name, interfaces, directives, ParseFieldsDefinition()) { Location = Loc(start) };
    }

    private IReadOnlyList<NamedTypeNode> ParseImplementsInterfaces() =>
        SkipKeyword("implements") ? DelimitedMany(TokenKind.Amp, ParseNamedType) : [];

    private IReadOnlyList<FieldDefinitionNode> ParseFieldsDefinition() =>
        OptionalMany(TokenKind.BraceL, ParseFieldDefinition, TokenKind.BraceR);

    private FieldDefinitionNode ParseFieldDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        var name = ParseName();
        var arguments = ParseArgumentDefinitions();
        Expect(TokenKind.Colon);
        var type = ParseTypeReference();
        return new FieldDefinitionNode(description, name, arguments, type, ParseDirectives(true)) { Location = Loc(start) };
    }

    private IReadOnlyList<InputValueDefinitionNode> ParseArgumentDefinitions() =>
        OptionalMany(TokenKind.ParenL, ParseInputValueDefinition, TokenKind.ParenR);

    private InputValueDefinitionNode ParseInputValueDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        var name = ParseName();
        Expect(TokenKind.Colon);
        var type = ParseTypeReference();
        var defaultValue = Skip(TokenKind.Equals) ? ParseValueLiteral(true) : null;
        return new InputValueDefinitionNode(description, name, type, defaultValue, ParseDirectives(true)) { Location = Loc(start) };
    }

    private UnionTypeDefinitionNode ParseUnionTypeDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("union");
        var name = ParseName();
        var directives = ParseDirectives(true);
        return new UnionTypeDefinitionNode(description, name, directives, ParseUnionMemberTypes()) { Location = Loc(start) };
    }

    private IReadOnlyList<NamedTypeNode> ParseUnionMemberTypes() =>
        Skip(TokenKind.Equals) ? DelimitedMany(TokenKind.Pipe, ParseNamedType) : [];

    private EnumTypeDefinitionNode ParseEnumTypeDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("enum");
        var name = ParseName();
        var directives = ParseDirectives(true);
        return new EnumTypeDefinitionNode(description, name, directives, ParseEnumValuesDefinition()) { Location = Loc(start) };
    }

    private IReadOnlyList<EnumValueDefinitionNode> ParseEnumValuesDefinition() =>
        OptionalMany(TokenKind.BraceL, ParseEnumValueDefinition, TokenKind.BraceR);

    private EnumValueDefinitionNode ParseEnumValueDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        if (Current.Kind == TokenKind.Name && Current.Value is "true" or "false" or "null")
        {
            throw new GraphQLSyntaxError(_lexer.Source, Current.Start, $"{Current.Describe()} is reserved and cannot be used for an enum value.");
        }
        var name = ParseName();
        return new EnumValueDefinitionNode(description, name, ParseDirectives(true)) { Location = Loc(start) };
    }

    private InputObjectTypeDefinitionNode ParseInputObjectTypeDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("input");
        var name = ParseName();
        var directives = ParseDirectives(true);
        return new InputObjectTypeDefinitionNode(description, name, directives, ParseInputFieldsDefinition()) { Location = Loc(start) };
    }

    private IReadOnlyList<InputValueDefinitionNode> ParseInputFieldsDefinition() =>
        OptionalMany(TokenKind.BraceL, ParseInputValueDefinition, TokenKind.BraceR);

    private DirectiveDefinitionNode ParseDirectiveDefinition()
    {
        var start = Current;
        var description = ParseDescription();
        ExpectKeyword("directive");
        Expect(TokenKind.At);
        var name = ParseName();
        var arguments = ParseArgumentDefinitions();
        var repeatable = SkipKeyword("repeatable");
        ExpectKeyword("on");
        var locations = DelimitedMany(TokenKind.Pipe, ParseDirectiveLocation);
        return new DirectiveDefinitionNode(description, name, arguments, repeatable, locations) { Location = Loc(start) };
    }

    private NameNode ParseDirectiveLocation()
    {
        var start = Current;
        var name = ParseName();
        if (DirectiveLocationNames.TryParse(name.Value, out _)) return name;
        throw Unexpected(start);
    }

    private TypeSystemNode ParseTypeSystemExtension()
    {
        var keyword = _lexer.Lookahead();
        if (keyword.Kind == TokenKind.Name)
        {
            switch (keyword.Value)
            {
                case "schema": return ParseSchemaExtension();
                case "scalar": return ParseScalarTypeExtension();
                case "type": return ParseObjectTypeExtension();
                case "interface": return ParseInterfaceTypeExtension();
                case "union": return ParseUnionTypeExtension();
                case "enum": return ParseEnumTypeExtension();
                case "input": return ParseInputObjectTypeExtension();
            }
        }
        throw Unexpected(keyword);
    }

    private SchemaExtensionNode ParseSchemaExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("schema");
        var directives = ParseDirectives(true);
        var operationTypes = OptionalMany(TokenKind.BraceL, ParseOperationTypeDefinition, TokenKind.BraceR);
        if (directives.Count == 0 && operationTypes.Count == 0) throw Unexpected(Current);
        return new SchemaExtensionNode(directives, operationTypes) { Location = Loc(start) };
    }

    private ScalarTypeExtensionNode ParseScalarTypeExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("scalar");
        var name = ParseName();
        var directives = ParseDirectives(true);
        if (directives.Count == 0) throw Unexpected(Current);
        return new ScalarTypeExtensionNode(name, directives) { Location = Loc(start) };
    }

    private ObjectTypeExtensionNode ParseObjectTypeExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("type");
        var name = ParseName();
        var interfaces = ParseImplementsInterfaces();
        var directives = ParseDirectives(true);
        var fields = ParseFieldsDefinition();
        if (interfaces.Count == 0 && directives.Count == 0 && fields.Count == 0) throw Unexpected(Current);
        return new ObjectTypeExtensionNode(name, interfaces, directives, fields) { Location = Loc(start) };
    }

    private InterfaceTypeExtensionNode ParseInterfaceTypeExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("interface");
        var name = ParseName();
        var interfaces = ParseImplementsInterfaces();
        var directives = ParseDirectives(true);
        var fields = ParseFieldsDefinition();
        if (interfaces.Count == 0 && directives.Count == 0 && fields.Count == 0) throw Unexpected(Current);
        return new InterfaceTypeExtensionNode(name, interfaces, directives, fields) { Location = Loc(start) };
    }

    private UnionTypeExtensionNode ParseUnionTypeExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("union");
        var name = ParseName();
        var directives = ParseDirectives(true);
        var types = ParseUnionMemberTypes();
        if (directives.Count == 0 && types.Count == 0) throw Unexpected(Current);
        return new UnionTypeExtensionNode(name, directives, types) { Location = Loc(start) };
    }

    private EnumTypeExtensionNode ParseEnumTypeExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("enum");
        var name = ParseName();
        var directives = ParseDirectives(true);
        var values = ParseEnumValuesDefinition();
        if (directives.Count == 0 && values.Count == 0) throw Unexpected(Current);
        return new EnumTypeExtensionNode(name, directives, values) { Location = Loc(start) };
    }

    private InputObjectTypeExtensionNode ParseInputObjectTypeExtension()
    {
        var start = Current;
        ExpectKeyword("extend");
        ExpectKeyword("input");
        var name = ParseName();
        var directives = ParseDirectives(true);
        var fields = ParseInputFieldsDefinition();
        if (directives.Count == 0 && fields.Count == 0) throw Unexpected(Current);
        return new InputObjectTypeExtensionNode(name, directives, fields) { Location = Loc(start) };
    }

    // ---- Token helpers ----

    private Location? Loc(Token start) =>
        _noLocation ? null : new Location(start.Start, _lexer.LastToken.End, start.Line, start.Column, _lexer.Source);

    private bool Peek(TokenKind kind) => Current.Kind == kind;

    private bool Skip(TokenKind kind)
    {
        if (Current.Kind != kind) return false;
        _lexer.Advance();
        return true;
    }

    private Token Expect(TokenKind kind)
    {
        var token = Current;
        if (token.Kind != kind)
        {
            throw new GraphQLSyntaxError(_lexer.Source, token.Start, $"Expected {kind.Describe()}, found {token.Describe()}.");
        }
        _lexer.Advance();
        return token;
    }

    private void ExpectKeyword(string keyword)
    {
        if (!SkipKeyword(keyword))
        {
            throw new GraphQLSyntaxError(_lexer.Source, Current.Start, $"Expected \"{keyword}\", found {Current.Describe()}.");
        }
    }

    private bool SkipKeyword(string keyword)
    {
        if (Current.Kind != TokenKind.Name || Current.Value != keyword) return false;
        _lexer.Advance();
        return true;
    }

    private GraphQLSyntaxError Unexpected(Token token) =>
        new(_lexer.Source, token.Start, $"Unexpected {token.Describe()}.");

    /// <summary>open item* close: possibly empty.</summary>
    private List<T> Any<T>(TokenKind open, Func<T> parse, TokenKind close)
    {
        Expect(open);
        var items = new List<T>();
        while (!Skip(close)) items.Add(parse());
        return items;
    }

    /// <summary>(open item+ close)?: absent gives an empty list, but braces present need an item.</summary>
    private IReadOnlyList<T> OptionalMany<T>(TokenKind open, Func<T> parse, TokenKind close)
    {
        if (!Skip(open)) return [];
        var items = new List<T>();
        do items.Add(parse());
        while (!Skip(close));
        return items;
    }

    /// <summary>open item+ close.</summary>
    private List<T> Many<T>(TokenKind open, Func<T> parse, TokenKind close)
    {
        Expect(open);
        var items = new List<T>();
        do items.Add(parse());
        while (!Skip(close));
        return items;
    }

    /// <summary>delimiter? item (delimiter item)*.</summary>
    private List<T> DelimitedMany<T>(TokenKind delimiter, Func<T> parse)
    {
        Skip(delimiter);
        var items = new List<T>();
        do items.Add(parse());
        while (Skip(delimiter));
        return items;
    }
}
