// Every Mailover jar this consumer resolved is a named module (not an automatic one), and none of them
// exports an internal package to everyone: an internal package is exported only to Mailover's own
// modules, so an application cannot reach it. This is `jar --describe-module` as a check.
import java.lang.module.ModuleFinder

def repo = new File(basedir, '../../it-repo/dev/mailover')
def jars = []
repo.eachDir { artifact ->
    artifact.eachDir { version ->
        def jar = new File(version, "${artifact.name}-${version.name}.jar")
        if (jar.isFile()) {
            jars << jar
        }
    }
}
assert jars.size() >= 9 : "expected every library jar in ${repo}, found ${jars*.name}"
jars.each { jar ->
    def modules = ModuleFinder.of(jar.toPath()).findAll()
    assert modules.size() == 1 : "${jar.name}: not one module"
    def d = modules.iterator().next().descriptor()
    assert !d.isAutomatic() : "${jar.name}: no module-info.class, so it would be an automatic module"
    assert d.name().startsWith('dev.mailover.') : "${jar.name}: module name ${d.name()}"
    d.exports().each { e ->
        if (e.source().contains('internal')) {
            assert e.isQualified() : "${jar.name} exports ${e.source()} to everyone"
            e.targets().each { t ->
                assert t.startsWith('dev.mailover.') : "${jar.name} exports ${e.source()} to ${t}"
            }
        }
    }
    println "[module] ${jar.name}: ${d.name()} exports ${d.exports().findAll { !it.isQualified() }*.source().sort()}"
}
return true
