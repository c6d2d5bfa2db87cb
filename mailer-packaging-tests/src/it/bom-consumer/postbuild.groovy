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

// The starter's jar carries the configuration metadata that IDEs read, listing the mailover.* properties.
def starter = jars.find { it.name.startsWith('mailer-spring-boot-starter-') }
assert starter != null : "the starter's jar is missing from ${repo}"
new java.util.jar.JarFile(starter).withCloseable { jar ->
    def entry = jar.getEntry('META-INF/spring-configuration-metadata.json')
    assert entry != null : "${starter.name} has no META-INF/spring-configuration-metadata.json"
    def metadata = new groovy.json.JsonSlurper().parse(jar.getInputStream(entry))
    def names = metadata.properties*.name
    ['mailover.dsn', 'mailover.outbox.enabled'].each { name ->
        assert names.contains(name) : "${starter.name}'s metadata does not list ${name}: ${names}"
    }
    assert names.every { it.startsWith('mailover.') } : "${starter.name}'s metadata lists ${names}"
    println "[metadata] ${starter.name}: ${names.size()} properties"
}
return true
