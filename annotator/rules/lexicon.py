"""Lexicons the quote and attribution passes read. Kept apart from the logic, as textacy does."""
import re
from functools import lru_cache
from pathlib import Path

FIRST_NAMES = Path(__file__).resolve().parent / "data" / "first_names.tsv"
ROLE_NOUNS = Path(__file__).resolve().parent / "data" / "role_nouns.tsv"
RARELY_A_ROLE = 0.02  # a noun written as a person's role in under this share of its uses is seldom one
USUALLY_A_ROLE = 0.1  # and in at least this share, it names what a person is

# Lemmas of verbs that introduce speech, writing or a stated position.
SPEECH_VERBS = frozenset("""
say tell add claim argue warn insist announce tweet write note explain emphasise emphasize
acknowledge deny confirm report state declare reply respond answer ask suggest stress caution
predict recall remark comment contend maintain assert allege admit concede complain urge vow
promise pledge reiterate testify observe reveal disclose indicate estimate joke quip boast counter
retort shout yell scream exclaim whisper mutter recount agree accuse blast criticize criticise cite announce decline
describe question charge lament concur post predict proclaim underline underscore point conclude
continue affirm assure advise mention speculate threaten demand hint contend inform reckon
believe think fear hope worry expect learn show find demonstrate
read chant echo repeat denounce mock highlight reference express
feel know understand consider rule decide realize realise recognize recognise suspect doubt assume
""".split())

# Verbs whose object or infinitive is the content when no clause follows: what a source calls
# for, proposes, cites or attacks ("called for a ban", "urged Congress to act", "cited the report").
OBJECT_CUES = frozenset("""
call urge propose promise pledge vow demand cite criticize criticise attack condemn praise blame
accuse reject dismiss defend threaten endorse oppose support back speak talk refer
""".split())

# Verbs that need a particle or preposition to introduce speech ("called for", "pointed out").
PARTICLE_CUES = {"call": {"for", "on"}, "point": {"out", "to"}, "go": {"on"}, "speak": {"of", "about", "out"},
                 "talk": {"about"}, "refer": {"to"}}
# Nouns that report what their possessor said or holds ("Trump's claim that ...", "her warning that ...").
SPEECH_NOUNS = frozenset("""
claim assertion allegation accusation argument warning promise pledge insistence contention suggestion statement
announcement admission belief conclusion complaint charge prediction assurance vow threat boast denial
""".split())
# Verbs that name or judge their object ("called the charges baseless", "branded him a liar").
NAMING_CUES = frozenset("call brand label dub".split())
CUE_LEMMAS = SPEECH_VERBS | OBJECT_CUES | frozenset(PARTICLE_CUES) | NAMING_CUES
# Verbs that count as cues only when they take a clause ("believe that ..."), never a bare object.
CLAUSE_ONLY_CUES = frozenset("believe think fear hope worry expect learn continue point describe question show find "
                             "demonstrate feel know understand consider rule decide realize realise recognize "
                             "recognise suspect doubt assume".split())
# Words that open an adverbial clause ('"...," when X said'): what follows is not the quote's cue.
ADVERBIAL_OPENERS = frozenset("when whenever while as after before because since if unless although though until once".split())
# Labels that open a line with a colon but name a section, not a source ("Update: ...").
SECTION_LABELS = frozenset("""
note update editor editor's photo photos video caption credit related read watch listen correction clarification
disclosure warning transcript full text source sources q a subscribe follow contact tags topics
latest breaking live analysis opinion exclusive explainer review recap timeline
""".split())
# Sources that are not people yet speak in headlines ("Poll: Clinton leads").
FINDING_SOURCES = frozenset("poll polls survey surveys study studies report reports".split())

# What kind of act an attribution reports (PolNeAR counts all three; many newsrooms count only
# speech). Verbs of thinking, wanting and planning report a thought...
THOUGHT_VERBS = frozenset("""
believe think fear hope worry expect want plan feel know understand consider suspect doubt assume wish intend
seek prefer like love hate dislike imagine suppose figure wonder reckon favor favour mean aim hope regret trust
see view regard envision anticipate guess realize realise recognize recognise decide choose
""".split())
# ...and a document, dataset or study as the source (or a verb of finding with one) reports a finding.
FINDING_VERBS = frozenset("find show indicate reveal demonstrate suggest conclude estimate project".split())
DOCUMENT_SOURCES = FINDING_SOURCES | frozenset("""
data analysis analyses research document documents record records evidence figure figures number numbers
finding findings result results review audit investigation assessment estimate estimates model forecast
""".split())

# Documents that speak for whoever issued them: "the statement noted" is the Security Council's
# when "the Security Council issued a statement" came before.
ISSUED_DOCUMENTS = FINDING_SOURCES | frozenset("""
statement release letter email e-mail memo ad advertisement video book article editorial column op-ed post tweet
filing lawsuit suit complaint brief message transcript analysis document
""".split())  # matched against a noun's lemma

# Platforms that carry what others write: "a Facebook post" is not Facebook's.
PLATFORMS = frozenset("facebook twitter youtube instagram tiktok reddit snapchat linkedin medium whatsapp telegram".split())

PERSON_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
# Titles and nouns that tell a person's gender, so that "he" and "she" skip the wrong person.
GENDERED_WORDS = {
    **dict.fromkeys("""mr mr. sir lord king prince duke father husband son brother uncle nephew
        grandfather man boy gentleman congressman spokesman chairman businessman councilman
        actor widower pope emperor sultan emir assemblyman alderman grandson stepfather""".split(), "m"),
    **dict.fromkeys("""mrs mrs. ms ms. miss madam lady queen princess duchess mother wife daughter
        sister aunt niece grandmother woman girl congresswoman spokeswoman chairwoman
        businesswoman councilwoman actress widow empress assemblywoman alderwoman granddaughter
        stepmother""".split(), "f"),
}
# Words for a relative: what someone is to another person, not a role ("Patricia Smith, mother of
# Benghazi victim Sean Smith", "9/11 widow Terry Strada"), whose person is no affiliation
KINSHIP_NOUNS = frozenset("""father mother husband wife son daughter brother sister uncle aunt nephew niece
cousin grandfather grandmother grandson granddaughter stepfather stepmother stepson stepdaughter widow widower
ex-wife ex-husband fiance fiancee fiancé fiancée parent child""".split())
GROUP_PRONOUNS = frozenset({"they", "them", "their"})
THING_PRONOUNS = frozenset({"it", "its"})
FIRST_PERSON = frozenset({"i", "we", "me", "us"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})

# Words for a role that both stand before a name ("spokesman Ian Roe") and describe an unnamed
# source ("a spokesman said"). As a mention's head they describe a person, never an office.
SOURCE_ROLES = frozenset("""
adviser advisor analyst commander diplomat economist executive leader officer official
representative spokesman spokesperson spokeswoman strategist
""".split())

# Head nouns of descriptions that name an unnamed person as source.
ANONYMOUS_HEADS = SOURCE_ROLES | frozenset("""
officials source sources spokespeople aide aides diplomats person people analysts expert experts
observer observers insider insiders staffer staffers advisers advisors witness witnesses resident
residents member members officers employee employees strategists operative operatives supporter
supporters critic critics lawmaker lawmakers legislator legislators voter voters worker workers
activist activists leaders executives representatives researcher researchers economists investigator
investigators agent agents commanders
""".split())

# Head nouns of organisations and institutions.
ORGANISATION_HEADS = frozenset("""
ministry military government department agency office army police company campaign committee council
administration embassy parliament court commission union party group newspaper network institute
firm bank organization organisation association coalition alliance force forces navy service
authority authorities team board foundation center centre bureau poll survey study report media
outlet paper magazine corporation cabinet senate congress house assembly secretariat
""".split())

# Words of a pre-name modifier that are titles or offices ("Defence Secretary", "premier").
# Abbreviated titles in the plural, written as one word before a list of names: "Sens. Jon Tester and ..."
PLURAL_TITLES = frozenset({"sens.", "reps.", "govs.", "gens."})
OFFICE_WORDS = frozenset("""
president vice prime minister secretary premier chancellor general chief senator sen sen. rep rep.
congressman congresswoman governor gov gov. mayor director ambassador chairman chairwoman chair ceo
colonel col. lieutenant lt. admiral judge justice attorney professor prof. dr dr. king queen prince
princess pope sheikh speaker candidate nominee manager head deputy foreign defence defense interior
finance health state economy trade education treasury home environment energy sergeant sgt. captain
capt. major maj. brigadier marshal commissioner envoy founder owner editor correspondent reporter
presidential republican democratic democrat former acting incoming outgoing interim councillor
councilor councilman councilwoman alderman assemblyman assemblywoman delegate del del. brig. cpl. det. msgr.
superintendent inspector detective constable sheriff bishop archbishop cardinal rabbi imam rev rev.
""".split()) | PLURAL_TITLES
TITLE_WORDS = OFFICE_WORDS | SOURCE_ROLES
# Office words that only modify a title, never head a mention of its holder: "the state" is not
# the Secretary of State, "Kim's mental state" no one's title
TITLE_MODIFIERS = frozenset("""
vice prime foreign defence defense interior finance health state economy trade education treasury home
environment energy presidential democratic former acting incoming outgoing interim
""".split())
TITLE_STEMS = frozenset(t.rstrip(".") for t in TITLE_WORDS)  # "sen." and "sen" alike
# Titles that are part of the name of someone known by one name: "Pope Francis", "Queen Elizabeth".
NAME_TITLES = frozenset("pope king queen prince princess emperor empress sultan emir sheikh ayatollah".split())
# Titles that only stand before a person's name: "Councillor Ines Roth" is a person even when
# the entity recogniser calls it an organisation.
PERSON_TITLES = frozenset("""
mr mrs ms dr sen senator rep representative gov governor mayor councillor councilor councilman
councilwoman alderman judge president pastor rev gen general col colonel lt sgt capt captain
""".split())

# Countries and what else names them: demonyms and short forms map to one country name.
COUNTRIES = {
    "United States": ["us", "u.s.", "u.s", "usa", "u.s.a.", "america", "american", "americans"],
    "United Kingdom": ["uk", "u.k.", "britain", "great britain", "british", "briton", "britons"],
    "Canada": ["canadian"], "Germany": ["german"], "France": ["french"], "Italy": ["italian"],
    "Spain": ["spanish"], "Portugal": ["portuguese"], "Netherlands": ["dutch", "holland"],
    "Belgium": ["belgian"], "Switzerland": ["swiss"], "Austria": ["austrian"], "Poland": ["polish"],
    "Hungary": ["hungarian"], "Romania": ["romanian"], "Bulgaria": ["bulgarian"], "Greece": ["greek"],
    "Turkey": ["turkish", "turkiye", "türkiye"], "Russia": ["russian"], "Ukraine": ["ukrainian"],
    "Sweden": ["swedish"], "Norway": ["norwegian"], "Denmark": ["danish"], "Finland": ["finnish"],
    "Ireland": ["irish"], "Czech Republic": ["czech", "czechia"], "Slovakia": ["slovak"],
    "Iran": ["iranian"], "Iraq": ["iraqi"], "Syria": ["syrian"], "Israel": ["israeli"],
    "Lebanon": ["lebanese"], "Jordan": ["jordanian"], "Egypt": ["egyptian"], "Saudi Arabia": ["saudi"],
    "Qatar": ["qatari"], "Kuwait": ["kuwaiti"], "Yemen": ["yemeni"], "Afghanistan": ["afghan"],
    "Pakistan": ["pakistani"], "India": ["indian"], "China": ["chinese"], "Japan": ["japanese"],
    "South Korea": ["south korean"], "North Korea": ["north korean"], "Australia": ["australian"],
    "New Zealand": ["new zealander"], "Mexico": ["mexican"], "Brazil": ["brazilian"],
    "Argentina": ["argentine", "argentinian"], "Venezuela": ["venezuelan"], "Cuba": ["cuban"],
    "Colombia": ["colombian"], "Chile": ["chilean"], "Peru": ["peruvian"], "Nigeria": ["nigerian"],
    "South Africa": ["south african"], "Kenya": ["kenyan"], "Ethiopia": ["ethiopian"],
    "Libya": ["libyan"], "Tunisia": ["tunisian"], "Morocco": ["moroccan"], "Algeria": ["algerian"],
    "Indonesia": ["indonesian"], "Philippines": ["filipino", "philippine"], "Vietnam": ["vietnamese"],
    "Thailand": ["thai"], "Malaysia": ["malaysian"], "Taiwan": ["taiwanese"], "Estonia": ["estonian"],
    "Latvia": ["latvian"], "Lithuania": ["lithuanian"], "Serbia": ["serbian"], "Croatia": ["croatian"],
    "Palestine": ["palestinian"], "European Union": ["eu", "e.u.", "european"],
}
COUNTRY_NAMES = {alias: country for country, aliases in COUNTRIES.items() for alias in aliases}
COUNTRY_NAMES.update({country.lower(): country for country in COUNTRIES})

# Parties, as an affiliation: "Republican presidential nominee", "Democratic Sen.", "(R-Utah)"
PARTIES = {"republican": "Republican", "republicans": "Republican", "gop": "Republican",
           "democratic": "Democratic", "democrat": "Democratic", "democrats": "Democratic",
           "libertarian": "Libertarian"}
PARTY_LETTERS = {"R": "Republican", "D": "Democratic", "I": "independent"}
# Nouns after a person's name that make the name an affiliation: "Clinton campaign spokesman"
AFFILIATION_NOUNS = frozenset({"campaign", "administration", "foundation", "transition", "camp"})
# Roles of people who work for the person whose they are: "her chief policy aide" works for her,
# "his wife" does not
STAFF_ROLES = frozenset("""
aide adviser advisor spokesman spokeswoman spokesperson manager strategist secretary lawyer attorney
pollster consultant chief director surrogate staffer counsel
""".split())

# Military ranks: a rank written before a name says less than an office the article states ("Canada's
# General Jonathan Vance, chief of defence staff")
RANKS = frozenset("general gen lieutenant lt colonel col major maj captain capt admiral adm sergeant sgt "
                  "brigadier brig marshal corporal cpl".split())
RANK_MODIFIERS = frozenset("retired former army air force navy marine corps u.s us vice rear".split())  # "Retired Lt. Gen."
# Members of a legislature: the place before their title is the one they represent, not a body
# they belong to ("Texas Sen. Ted Cruz"), as the place before a governor's or a mayor's is.
LEGISLATOR_TITLES = frozenset("sen senator sens senators rep representative reps congressman congresswoman "
                              "assemblyman assemblywoman delegate".split())
# Offices that govern a place: the place their holder is "of" is their affiliation ("Gov. Phil
# Bryant of Mississippi"), where a legislator's is only the one they represent
PLACE_OFFICES = frozenset({"governor", "mayor", "premier"})  # as ``titles.written_out`` writes them
# Verbs of a relative clause that say what a person heads, and the role that makes them: "Luis
# Rubio, who heads the Center of Research for Development" is its head (None: no role word)
HEADING_VERBS = {"head": "head", "chair": "chair", "lead": "leader", "direct": "director", "found": "founder",
                 "run": None, "helm": None}
# Verbs of a relative clause that say where a person works: "who studies tax policy at the American
# Enterprise Institute", "who writes for The Atlantic"
WORKING_VERBS = frozenset("work teach study research write report lecture practise practice".split())
# Offices that speak for a country: a person holding one is affiliated with the country the
# passage is about ("Foreign Minister Heiko Maas" in a passage on Germany), not so a spokesman
STATE_OFFICES = frozenset("minister secretary president premier chancellor ambassador envoy king queen".split())

ENTITY_PERSON = "PERSON"
ENTITY_ORGANISATION = frozenset({"ORG", "NORP", "GPE"})


@lru_cache(maxsize=1)
def first_name_genders() -> dict[str, str]:
    """First names that nearly always name one sex, and that sex ("m" or "f"): see data/README.md."""
    genders = {}
    for line in FIRST_NAMES.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            name, male, female = line.split("\t")
            genders[name] = "m" if int(male) > int(female) else "f"
    return genders


@lru_cache(maxsize=1)
def _role_counts() -> dict[str, tuple[int, int]]:
    """Each noun of data/role_nouns.tsv: how often it was written as a person's role, and in all."""
    counts = {}
    for line in ROLE_NOUNS.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            lemma, as_role, seen = line.split("\t")
            counts[lemma] = (int(as_role), int(seen))
    return counts


@lru_cache(maxsize=1)
def role_nouns() -> frozenset[str]:
    """Every noun data/role_nouns.tsv counts (seen at least ten times in the training articles)."""
    return frozenset(_role_counts())


# How nouns for things, acts and states end ("matchup", "organizing", "satisfy" tagged a noun): a noun
# too rare to be counted that ends so is no one's role ("tycoon", "nurse" and "canvasser" can be)
ABSTRACT_ENDING = re.compile(r"(tion|sion|ment|ness|ity|ance|ence|ism|ship|ing|ure|age|fy|ize|ise|up|dom|hood|ics)$")


@lru_cache(maxsize=1)
def rarely_roles() -> frozenset[str]:
    """Common nouns that news seldom writes as a person's role ("election", "campaign", "team"):
    under RARELY_A_ROLE of their uses in data/role_nouns.tsv. Titles and the words of anonymous
    sources are never among them."""
    return frozenset(w for w, (as_role, seen) in _role_counts().items()
                     if as_role < RARELY_A_ROLE * seen and w not in TITLE_STEMS and w not in ANONYMOUS_HEADS)


@lru_cache(maxsize=1)
def usual_roles() -> frozenset[str]:
    """Nouns that name what a person is: titles, the words of anonymous sources, and the nouns
    written as a person's role in at least USUALLY_A_ROLE of their uses ("writer", "founder")."""
    return TITLE_STEMS | ANONYMOUS_HEADS | frozenset(w for w, (as_role, seen) in _role_counts().items()
                                                     if as_role >= USUALLY_A_ROLE * seen)
