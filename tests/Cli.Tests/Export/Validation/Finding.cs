namespace Platform.Cli.Tests.Export.Validation;

/// <summary>One thing a Kubernetes API server (or kustomize) would refuse: where it is and why.</summary>
/// <param name="File">The file, relative to the folder that was validated.</param>
/// <param name="Document">The YAML document in the file, from 1 (0 for the file as a whole).</param>
/// <param name="Path">The field, as <c>spec.template.spec.containers[0].name</c> (empty for the document).</param>
public sealed record Finding(string File, int Document, string Object, string Path, string Message)
{
    public override string ToString() =>
        $"{File}, document {Document}{(Object.Length > 0 ? $" ({Object})" : "")}, {(Path.Length > 0 ? Path : "(document)")}: {Message}";
}
