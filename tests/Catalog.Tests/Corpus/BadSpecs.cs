namespace Platform.Catalog.Tests.Corpus;

public static partial class BadInputs
{
    private static IEnumerable<BadInput> Specs()
    {
        const string Name = "name: platform/bad\n";
        yield return One("spec: a tab indents a line", Spec, Name + "\tkind: etl\n", 2, "indented with a tab; YAML indents with spaces only");
        yield return One("spec: a key given twice", Spec, Name + "name: platform/other\n", 2, "Duplicate key name");
        yield return One("spec: an unclosed quote", Spec, "name: \"platform/bad\nkind: etl\n", 1, "not valid YAML");
        yield return One("spec: two YAML documents", Spec, Name + "---\nname: platform/other\n", 3, "more than one YAML document");
        yield return One("spec: the top level is a list", Spec, "- name: platform/bad\n", 1, "the top level must be a mapping");
        yield return One("spec: binary garbage", Spec, "\u0001\u0002PNG\r\n\u001a garbage\n", 1, "the top level must be a mapping");
        yield return One("spec: a kind written as a list", Spec, Name + "kind: [service]\n", 2, "kind must be a single value");
        yield return One("spec: an unknown kind", Spec, Name + "kind: cronjob\n", 2, "kind 'cronjob' is not one of base, etl, service");
        yield return One("spec: a name written as a mapping", Spec, "name: {team: data}\n", 1, "name must be a single value");
        yield return One("spec: a name in capitals", Spec, "name: Platform/Bad\n", 1, "'Platform/Bad' is not a valid image name");
        yield return One("spec: build arguments as a list", Spec, Name + "buildArgs: [A=1]\n", 2, "buildArgs must be a mapping");
        yield return One("spec: platforms as a mapping", Spec, Name + "platforms: {linux: amd64}\n", 2, "platforms must be a list");
        yield return One("spec: an empty list of platforms", Spec, Name + "platforms: []\n", 2, "platforms must name at least one platform");
        yield return One("spec: a tag that starts with '-'", Spec, Name + "tags: [\"-rc\"]\n", 2, "'-rc' in tags is not a valid tag");
        yield return One("spec: an absolute context", Spec, Name + "context: /srv/app\n", 2, "context '/srv/app' must be a path relative to the image folder");
        yield return One("spec: an absolute dockerfile", Spec, Name + "dockerfile: /etc/Dockerfile\n", 2, "dockerfile '/etc/Dockerfile' must be a path relative");
        yield return One("spec: tests as one line", Spec, Name + "tests: make test\n", 2, "tests must be a list of commands");
        yield return One("spec: a test with neither run nor command", Spec, Name + "tests:\n  - {name: smoke}\n", 3, "test 1 needs 'run' (a shell line) or 'command'");
        yield return Many("spec: a test command that is not a list",
            new Dictionary<string, string> { [Spec] = Name + "tests:\n  - command: uname -m\n" },
            new ExpectedProblem(Spec, 3, "tests.command must be a list of words"),
            new ExpectedProblem(Spec, 3, "test 1 needs 'run'"));
        yield return One("spec: a timeout that is a word", Spec, Name + "tests:\n  - run: pytest\n    timeout: soon\n", 4, "tests.timeout 'soon' is not a duration");
        yield return One("spec: a timeout too large for .NET", Spec, Name + "tests:\n  - run: pytest\n    timeout: 1000000000000000000h\n", 4, "tests.timeout '1000000000000000000h' is out of range: it must be from 1ms to 7d");
        yield return One("spec: a timeout longer than 7 days", Spec, Name + "tests:\n  - run: pytest\n    timeout: 200h\n", 4, "tests.timeout '200h' is out of range: it must be from 1ms to 7d");
        yield return One("spec: a negative timeout", Spec, Name + "tests:\n  - run: pytest\n    timeout: -5s\n", 4, "is not a duration");
        yield return One("spec: a port out of range", Spec, Name + "kind: service\nservice:\n  port: 70000\n", 4, "service.port '70000' is not a port number (1 to 65535)");
        yield return One("spec: port zero", Spec, Name + "kind: service\nservice:\n  port: 0\n", 4, "service.port '0' is not a port number");
        yield return One("spec: a port that is a word", Spec, Name + "kind: service\nservice:\n  port: http\n", 4, "service.port 'http' is not a port number");
        yield return One("spec: a health path without '/'", Spec, Name + "kind: service\nservice:\n  health: healthz\n", 4, "must be an HTTP path that starts with '/'");
        yield return One("spec: a service section on an etl image", Spec, Name + "service:\n  port: 8080\n", 2, "a 'service' section needs 'kind: service' (kind is etl)");
        yield return One("spec: a schedule written as a list", Spec, Name + "etl:\n  schedule: [hourly]\n", 3, "etl.schedule must be a single value");
        yield return One("spec: an unknown field in a section", Spec, Name + "kind: service\nservice:\n  prot: 8080\n", 4, "unknown field 'prot' in service; known fields: port, health");
    }
}
