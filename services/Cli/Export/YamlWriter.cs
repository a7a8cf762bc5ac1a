using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Platform.Cli.Export;

/// <summary>
/// Writes nested maps (in insertion order), lists and scalars as block YAML with YamlDotNet's emitter (the library the specs
/// are read with), quoting every string that a YAML reader could take for something else ("8080", "true", "*/5 * * * *"),
/// so the output is deterministic and ConfigMap values stay strings. It walks the values itself rather than through
/// YamlDotNet's reflection serializer, so that the command line compiles ahead of time.
/// </summary>
public static partial class YamlWriter
{
    private static readonly EmitterSettings Settings = EmitterSettings.Default.WithIndentedSequences();

    public static string Write(object document)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var emitter = new Emitter(text, Settings);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Value(emitter, document);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return text.ToString();
    }

    private static void Value(IEmitter emitter, object? value)
    {
        switch (value)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "", ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: true));
                break;
            case string text:
                // A string a reader would take for null, a boolean or a number, or that starts with blank space, is quoted.
                var style = text.Trim().Length == 0 || TakenForSomethingElse().IsMatch(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
                emitter.Emit(new Scalar(null, null, text, style, isPlainImplicit: true, isQuotedImplicit: true));
                break;
            case bool flag:
                emitter.Emit(new Scalar(flag ? "true" : "false"));
                break;
            case int or long or short or byte or uint or ulong or ushort or sbyte:
                emitter.Emit(new Scalar(Convert.ToString(value, CultureInfo.InvariantCulture)!));
                break;
            case IDictionary map:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
                foreach (DictionaryEntry entry in map)
                {
                    Value(emitter, entry.Key);
                    Value(emitter, entry.Value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case IEnumerable items:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
                foreach (var item in items)
                {
                    Value(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            default:
                throw new NotSupportedException($"YamlWriter writes maps, lists, strings, numbers and booleans, not {value.GetType().Name}");
        }
    }

    /// <summary>YAML 1.2's null, booleans, integers (decimal, octal, hexadecimal), floats, infinities and not-a-number, and text after blank space.</summary>
    [GeneratedRegex(@"^(null|Null|NULL|~|true|True|TRUE|false|False|FALSE|[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?(\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN|\s.*)$")]
    private static partial Regex TakenForSomethingElse();
}
