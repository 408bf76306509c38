// Runs after archetype:generate. The experiment's name becomes a class and file name, and a non-interactive
// generation does not apply the descriptor's validationRegex: refuse a name javac would, before anything builds.
String name = request.properties.get('experiment')
if (!(name ==~ /[A-Z][A-Za-z0-9_]*/)) {
    new File(request.outputDirectory, request.artifactId).deleteDir()
    throw new IllegalArgumentException("experiment = '" + name + "' is not a class name for the experiment; give"
            + " one that starts with a capital letter, followed by letters, digits or _ (e.g. -Dexperiment=TwoMoonsMlp)")
}
