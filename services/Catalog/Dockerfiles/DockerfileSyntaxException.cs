namespace Platform.Catalog.Dockerfiles;

/// <summary>Text the reader cannot make sense of; caught by the reader and turned into a problem with its line.</summary>
internal sealed class DockerfileSyntaxException(string message) : Exception(message);
