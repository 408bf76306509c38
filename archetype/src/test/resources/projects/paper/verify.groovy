// After the generated project's `mvn verify` passed: it ran both of its tests (each trains a few steps), and it
// carries the files a repository needs besides its code.
import groovy.xml.XmlSlurper

File projectDir = context.projectDir // the generated project; `basedir` is this script's folder
def read = { String path ->
    def file = new File(projectDir, path)
    assert file.isFile() : "the generated project has no ${path}"
    file.getText('UTF-8')
}

def report = new XmlSlurper().parse(new File(projectDir,
        'target/surefire-reports/TEST-org.example.paper.experiments.MoonsMlpTest.xml'))
assert report.@tests.toInteger() == 2 && report.@failures.toInteger() == 0 && report.@errors.toInteger() == 0 &&
        report.@skipped.toInteger() == 0 : "expected both tests of MoonsMlpTest to run and pass"

def ignored = read('.gitignore').readLines()*.trim()
assert ignored.containsAll(['target/', 'runs/']) : "the .gitignore leaves out ${['target/', 'runs/'] - ignored}"

def readme = read('README.md')
assert readme.startsWith('paper\n') && readme.contains('mvn -B -q compile exec:java') &&
        readme.contains('mvn -B verify') && readme.contains('`MoonsMlp`') : 'the README lacks a command or a name'

def pom = new XmlSlurper().parse(new File(projectDir, 'pom.xml'))
assert pom.properties.'exec.args'.text() == 'run MoonsMlp'
assert pom.dependencyManagement.dependencies.dependency.find { it.artifactId.text() == 'ortrain-bom' }
        .scope.text() == 'import'
true
