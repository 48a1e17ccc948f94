namespace GeoMonitor.GraphQL.Language;

/// <summary>An input value literal (spec 2.9 Input Values).</summary>
public abstract record ValueNode : Node;

/// <summary>A variable reference, $name.</summary>
/// <param name="Name">The variable name, without "$".</param>
public sealed record VariableNode(NameNode Name) : ValueNode;

/// <summary>An integer literal; kept as text so range checks happen where the type is known.</summary>
/// <param name="Value">The literal text.</param>
public sealed record IntValueNode(string Value) : ValueNode;

/// <summary>A float literal, kept as text.</summary>
/// <param name="Value">The literal text.</param>
public sealed record FloatValueNode(string Value) : ValueNode;

/// <summary>A string literal, decoded.</summary>
/// <param name="Value">The string value after escapes and block-string dedenting.</param>
/// <param name="Block">Whether it was written as a block string.</param>
public sealed record StringValueNode(string Value, bool Block = false) : ValueNode;

/// <summary>true or false.</summary>
/// <param name="Value">The value.</param>
public sealed record BooleanValueNode(bool Value) : ValueNode;

/// <summary>The null literal.</summary>
public sealed record NullValueNode : ValueNode;

/// <summary>An enum value literal.</summary>
/// <param name="Value">The enum value name.</param>
public sealed record EnumValueNode(string Value) : ValueNode;

/// <summary>A list literal.</summary>
/// <param name="Values">The items.</param>
public sealed record ListValueNode(IReadOnlyList<ValueNode> Values) : ValueNode;

/// <summary>An input object literal.</summary>
/// <param name="Fields">The fields in source order.</param>
public sealed record ObjectValueNode(IReadOnlyList<ObjectFieldNode> Fields) : ValueNode;

/// <summary>One field of an input object literal.</summary>
/// <param name="Name">Field name.</param>
/// <param name="Value">Field value.</param>
public sealed record ObjectFieldNode(NameNode Name, ValueNode Value) : Node;
