"""Words the demo newsroom is built from. Everything here was written for this project.

Headlines are assembled from subjects, events and places so a few hundred stories
read plausibly without copying any publication.
"""

from datetime import time

SECTION_TREE = [
    (
        "News",
        [
            "Burma",
            "Politics",
            "World",
            "Asia",
            "Myanmar's Crisis & the World",
            "Ethnic Issues",
            "War Against the Junta",
            "Junta Cronies",
            "Conflicts in Numbers",
            "Junta Watch",
            "Fact Check",
            "Investigation",
            "Myanmar-China Watch",
            "Obituaries",
        ],
    ),
    (
        "Opinion",
        [
            "Commentary",
            "Guest Column",
            "Analysis",
            "Editorial",
            "Stories That Shaped Us",
            "Letters",
        ],
    ),
    ("In Person", ["Interview", "Profile"]),
    ("Business", ["Economy", "Business Roundup"]),
    ("Books", []),
    ("Lifestyle", ["Travel", "Food", "Fashion & Design"]),
]

FEATURED_SECTIONS = {"News", "Opinion", "Business", "In Person"}

# What the Burmese edition calls each section (`Section.name_my`).
BURMESE_SECTION_NAMES = {
    "News": "သတင်း",
    "Burma": "မြန်မာ",
    "Politics": "နိုင်ငံရေး",
    "World": "ကမ္ဘာ",
    "Asia": "အာရှ",
    "Myanmar's Crisis & the World": "မြန်မာ့အရေးနှင့် ကမ္ဘာ",
    "Ethnic Issues": "တိုင်းရင်းသားရေးရာ",
    "War Against the Junta": "တော်လှန်ရေးစစ်ပွဲ",
    "Junta Cronies": "စစ်ကောင်စီ ခရိုနီများ",
    "Conflicts in Numbers": "ကိန်းဂဏန်းများထဲက ပဋိပက္ခ",
    "Junta Watch": "စစ်ကောင်စီ စောင့်ကြည့်ရေး",
    "Fact Check": "သတင်းမှန် စိစစ်ချက်",
    "Investigation": "စုံစမ်းဖော်ထုတ်ချက်",
    "Myanmar-China Watch": "မြန်မာ-တရုတ် စောင့်ကြည့်ရေး",
    "Obituaries": "နာရေးသတင်း",
    "Opinion": "အမြင်",
    "Commentary": "ဝေဖန်ချက်",
    "Guest Column": "ဧည့်သည်ဆောင်းပါး",
    "Analysis": "သုံးသပ်ချက်",
    "Editorial": "အယ်ဒီတာ့အာဘော်",
    "Stories That Shaped Us": "ကျွန်ုပ်တို့ကို ပုံဖော်ခဲ့သော ဇာတ်လမ်းများ",
    "Letters": "စာဖတ်သူ့စာများ",
    "In Person": "လူပုဂ္ဂိုလ်",
    "Interview": "တွေ့ဆုံမေးမြန်းခန်း",
    "Profile": "ကိုယ်ရေးအကျဉ်း",
    "Business": "စီးပွားရေး",
    "Economy": "စီးပွားရေးအခြေအနေ",
    "Business Roundup": "စီးပွားရေး အနှစ်ချုပ်",
    "Books": "စာအုပ်",
    "Lifestyle": "လူနေမှုဘဝ",
    "Travel": "ခရီးသွား",
    "Food": "အစားအသောက်",
    "Fashion & Design": "ဖက်ရှင်နှင့် ဒီဇိုင်း",
}

AUTHORS = [
    ("Newsroom Staff", "Staff", True),
    ("Aye Chan Moe", "Senior Reporter", False),
    ("Kyaw Zin Htet", "Conflict Correspondent", False),
    ("Nang Seng Hom", "Ethnic Affairs Reporter", False),
    ("Thura Win", "Business Editor", False),
    ("Hnin Ei Phyu", "Investigations Editor", False),
    ("Saw Eh Doh", "Border Correspondent", False),
    ("May Thet Oo", "Culture Writer", False),
    ("Zaw Lin Aung", "Political Analyst", False),
    ("Daw Khin Mya", "Guest Columnist", False),
    ("Min Thant", "Data Reporter", False),
    ("Lwin Lwin Soe", "Foreign Desk", False),
]

PLACES = [
    "Sagaing", "Magwe", "Mandalay", "Yangon", "Naypyitaw", "Karenni", "Karen State",
    "Kachin State", "Chin State", "Rakhine", "Shan State", "Tanintharyi", "Bago",
    "Ayeyarwady", "Mon State", "Myawaddy", "Lashio", "Myitkyina", "Hpakant", "Tamu",
]  # fmt: skip

SUBJECTS = [
    "Junta airstrikes", "Resistance forces", "Farmers", "Teachers on strike",
    "Displaced families", "Garment workers", "Rice traders", "Students",
    "Health workers", "Monks", "Local administrators", "Fuel importers",
    "Border traders", "Fishermen", "Jade miners", "Volunteer rescuers",
    "Journalists", "Women's groups", "Youth activists", "Township clinics",
]  # fmt: skip

EVENTS = [
    "face shortages in {place}",
    "displace thousands near {place}",
    "struggle as prices soar in {place}",
    "defy curfew in {place}",
    "report arrests in {place}",
    "rebuild after floods in {place}",
    "seize outposts around {place}",
    "count losses after raids in {place}",
    "open schools in liberated {place}",
    "warn of famine risk in {place}",
    "flee conscription drive in {place}",
    "document abuses in {place}",
]  # fmt: skip

OTHER_HEADLINES = [
    "Kyat slides again as regime tightens currency rules",
    "China brokers talks as fighting spreads along northern border",
    "ASEAN envoy's visit ends without a ceasefire deal",
    "Regime's census drive meets empty villages",
    "Power cuts leave factories idle for most of the day",
    "What the regime's election plan means for voters",
    "Inside the supply lines that keep resistance clinics open",
    "How a township counted its dead",
    "Five years on, families still search for the detained",
    "Fact check: viral video of bridge collapse is from 2019",
    "The cronies who still profit from the war",
    "Thailand tightens border checks as refugees arrive",
    "Why the teak trade survived the sanctions",
    "A reading list for understanding federalism",
    "Letters: readers on the draft conscription law",
    "Mohinga stalls return to Yangon's mornings",
    "Designers who kept the longyi modern",
    "Travel in a time of checkpoints",
]  # fmt: skip

BURMESE_HEADLINES = [
    "ရန်ကုန်တွင် ဆန်ဈေး ဆက်လက်မြင့်တက်",
    "စစ်ကောင်စီ လေကြောင်းတိုက်ခိုက်မှုကြောင့် ဒေသခံများ ထွက်ပြေးရ",
    "မန္တလေးတွင် လျှပ်စစ်မီး ပြတ်တောက်မှု ပိုမိုဆိုးရွား",
    "ကျောင်းသားများ အွန်လိုင်းပညာရေးဖြင့် ဆက်လက်သင်ယူ",
    "ဒုက္ခသည်စခန်းများတွင် ဆေးဝါးပြတ်လပ်",
    "မြန်မာ့စီးပွားရေး ကျဆင်းမှု ဆက်ရှိနေ",
    "နယ်စပ်ကုန်သွယ်ရေး ရပ်ဆိုင်းမှုကြောင့် ကုန်ဈေးတက်",
    "သတင်းထောက်များ ဖမ်းဆီးခံရမှု မြင့်တက်",
]  # fmt: skip

# The English edition's version of some Burmese stories: the demo pairs them
# (`articles.editions.pair`), so each page links to its translation.
ENGLISH_TRANSLATIONS = {
    "ရန်ကုန်တွင် ဆန်ဈေး ဆက်လက်မြင့်တက်": "Rice prices keep climbing in Yangon",
    "စစ်ကောင်စီ လေကြောင်းတိုက်ခိုက်မှုကြောင့် ဒေသခံများ ထွက်ပြေးရ": "Residents flee junta air strikes",
    "မန္တလေးတွင် လျှပ်စစ်မီး ပြတ်တောက်မှု ပိုမိုဆိုးရွား": "Power cuts grow worse in Mandalay",
    "ကျောင်းသားများ အွန်လိုင်းပညာရေးဖြင့် ဆက်လက်သင်ယူ": "Students keep learning online",
    "ဒုက္ခသည်စခန်းများတွင် ဆေးဝါးပြတ်လပ်": "Medicines run out in refugee camps",
    "မြန်မာ့စီးပွားရေး ကျဆင်းမှု ဆက်ရှိနေ": "Myanmar's economy keeps shrinking",
    "နယ်စပ်ကုန်သွယ်ရေး ရပ်ဆိုင်းမှုကြောင့် ကုန်ဈေးတက်": "Prices rise as border trade stops",
    "သတင်းထောက်များ ဖမ်းဆီးခံရမှု မြင့်တက်": "More journalists are arrested",
}  # fmt: skip

# Each edition's newsletter (the data migrations make them too; matched by slug), and a
# weekly digest of one section: "sections" are section paths, "{site}" in a sender
# name is the site's name.
NEWSLETTERS = [
    {
        "slug": "daily-briefing-my",
        "name": "နေ့စဉ် သတင်းအကျဉ်း",
        "description": "မြန်မာနိုင်ငံနှင့် ဒေသတွင်းမှ အရေးကြီးဆုံး သတင်းများကို နံနက်တိုင်း သင့်အီးမေးလ်သို့ ပို့ပေးပါသည်။",
        "cadence": "daily",
        "language": "my",
    },
    {
        "slug": "weekly-opinion",
        "name": "Weekly Opinion",
        "description": "The week's columns, analysis and editorials, every Friday morning.",
        "kind": "digest",
        "cadence": "weekly",
        "send_weekday": 4,  # Friday
        "send_time": time(7, 0),
        "template": "headlines",
        "sender_name": "{site} Opinion",
        "language": "en",
        "sections": ["opinion"],
    },
]

BURMESE_PARAGRAPHS = [
    "ဒေသခံများ၏ပြောကြားချက်အရ ပြီးခဲ့သည့်အပတ်အတွင်း ကုန်ဈေးနှုန်းများ သိသိသာသာ မြင့်တက်လာခဲ့သည်။",
    "မိသားစုအများအပြားသည် နေအိမ်များကို စွန့်ခွာ၍ အနီးနားရှိ ကျေးရွာများသို့ ထွက်ပြေးခဲ့ရသည်။",
    "ဆေးဝါးနှင့် စားနပ်ရိက္ခာ ပြတ်လပ်မှုများကြောင့် ကလေးများနှင့် သက်ကြီးရွယ်အိုများ အခက်အခဲ ကြုံနေရသည်။",
    "အရပ်ဘက်အဖွဲ့အစည်းများက အကူအညီများ ပေးပို့ရန် ကြိုးပမ်းနေသော်လည်း လမ်းပိတ်ဆို့မှုများ ရှိနေသည်။",
]  # fmt: skip

PARAGRAPHS = [
    "Residents said the situation had worsened sharply over the past week, with markets "
    "closing early and families staying indoors after dark.",
    "A local aid worker, who asked not to be named for safety reasons, said supplies of rice, "
    "cooking oil and medicine were running low and that prices had nearly doubled.",
    "The regime has not commented on the reports. State media described the operations as "
    "efforts to restore stability and blamed what it called terrorist groups.",
    "Resistance groups in the area said they had evacuated several villages ahead of the "
    "fighting and were helping residents reach safer areas near the border.",
    "Analysts say the pattern reflects a broader strategy of cutting off support networks, "
    "a tactic the military has used for decades in ethnic areas.",
    "Teachers at community schools said enrolment had risen even as buildings were damaged, "
    "with classes moved to monasteries and private homes.",
    "Traders said the weak kyat and new licensing rules had made imports of fuel and "
    "fertiliser almost impossible for small businesses.",
    "Rights groups have documented similar incidents across the region and called for an "
    "international investigation into attacks on civilians.",
    "Volunteers said they relied on donations from overseas workers, most of them sent "
    "through informal transfer networks that bypass the banks.",
    "The United Nations estimates that more than three million people are now displaced "
    "inside the country, many of them for the second or third time.",
    "Farmers said the planting season had been lost in several townships because fields "
    "were mined or too dangerous to reach.",
    "In interviews, young people described leaving home to avoid conscription, travelling "
    "at night and paying brokers to cross into neighbouring countries.",
]

SUBHEADS = ["What residents say", "Prices and supplies", "The regime's response", "What comes next"]

QUOTES = [
    "We do not know if we will be able to go home this year.",
    "Every week the prices change, and every week we buy less.",
    "People are exhausted, but they have not given up.",
]

TAG_WORDS = [
    "Airstrikes", "Conscription", "Displacement", "Refugees", "Human Rights", "Press Freedom",
    "Elections", "ASEAN", "China", "Thailand", "India", "United Nations", "Sanctions",
    "Economy", "Kyat", "Inflation", "Fuel", "Electricity", "Rice", "Agriculture", "Jade",
    "Mining", "Teak", "Education", "Health", "COVID-19", "Floods", "Earthquake", "Climate",
    "NUG", "PDF", "EAOs", "KIA", "KNU", "Arakan Army", "TNLA", "MNDAA", "Three Brotherhood",
    "Ceasefire", "Peace Talks", "Federalism", "Constitution", "Political Prisoners",
    "Aung San Suu Kyi", "Min Aung Hlaing", "Junta", "Cronies", "Corruption", "Arms Trade",
    "Rohingya", "Karen", "Kachin", "Shan", "Chin", "Mon", "Karenni", "Rakhine", "Sagaing",
    "Mandalay", "Yangon", "Naypyitaw", "Border Trade", "Scam Centers", "Myawaddy", "Drugs",
    "Religion", "Buddhism", "Monks", "Women", "Youth", "Students", "Teachers", "Doctors",
    "CDM", "Strikes", "Protests", "Internet Shutdown", "Censorship", "Journalists", "Media",
    "Social Media", "Fact Check", "Investigation", "Data", "Military", "Police", "Courts",
    "Death Penalty", "Torture", "Landmines", "Aid", "Humanitarian", "Famine", "Food",
    "Travel", "Culture", "Books", "Film", "Music", "Fashion", "Design", "Sport", "Football",
    "History", "Obituary", "Diaspora", "Migrant Workers", "Remittances", "Banking", "Telecoms",
    "Energy", "Dams", "Environment", "Forests", "Wildlife", "Japan", "Russia", "United States",
    "European Union", "Bangladesh", "Laos", "Singapore", "Malaysia", "Indonesia", "Philippines",
    "Vietnam", "Cambodia", "Taiwan", "Korea", "Australia", "ICJ", "ICC", "Genocide",
    "Accountability", "Transitional Justice", "Local Governance", "Public Services",
    "Infrastructure", "Roads", "Ports", "Belt and Road", "Kyaukphyu", "Special Economic Zones",
    "Gas", "Oil", "Gold", "Rare Earths", "Timber", "Labour", "Garment Industry", "Tourism",
    "မြန်မာ", "ရန်ကုန်", "စီးပွားရေး", "ပညာရေး",
]  # fmt: skip

STATIC_PAGES = [
    (
        "/about/",
        "About us",
        "<p>We are an independent newsroom reporting on Myanmar and the region for readers "
        "inside the country and around the world. Our reporters work in exile and inside "
        "Myanmar, often at great personal risk.</p><p>We are funded by readers and "
        "foundations, and we take no money from any armed group or political party.</p>",
    ),
    (
        "/code-of-ethics/",
        "Code of Ethics",
        "<p>We verify before we publish, name our sources whenever it is safe to do so, "
        "correct our mistakes openly and protect the people who speak to us.</p>"
        "<h2>Corrections</h2><p>Every correction is noted at the foot of the story with the "
        "date it was made.</p>",
    ),
    (
        "/privacy-policy/",
        "Privacy Policy",
        "<p>We do not use trackers, advertising networks or third-party scripts. Counting "
        "how often a story is read uses an anonymous, daily-changing fingerprint that is "
        "never stored with your address.</p><p>If you subscribe to our newsletter we keep "
        "your e-mail address only to send it, and you can unsubscribe with one click.</p>"
        "<h2>Your account</h2><p>If you create an account we keep your e-mail address, "
        "your password (scrambled, so nobody can read it), the display name shown with your "
        "comments and your e-mail choices. We use your address only to confirm it, to help "
        "you reset your password and, if you ask us to, to tell you when your comment is "
        "approved or answered.</p>"
        "<h2>Comments</h2><p>Your comments are shown under the story with your display "
        "name once they are approved. Moderators can see your e-mail address and "
        "your earlier comments. You can delete your account at any time. Deleting your "
        "account deletes your comments. Where other readers replied to one, an empty "
        "'comment removed' marker stays in its place so their replies still make sense; "
        "your name and words are gone.</p>"
        "<h2>Cookies</h2><p>Readers who only read get no cookie from us. When you open "
        "an account page (sign in, sign up, a forgotten password) or sign in, we set only "
        "cookies the site needs to work: <code>sessionid</code> keeps you signed in until "
        "you sign out (at most two weeks), "
        "and <code>csrftoken</code> protects the forms you send from other sites. A "
        '<code>messages</code> cookie may carry a note such as "You have signed out" to '
        "the next page you open.</p><p>Your browser's local storage, which never leaves "
        "your device, remembers that you dismissed the cookie notice and the text size "
        "you chose for stories.</p>",
    ),
    (
        "/contact/",
        "Contact",
        '<p>News tips and corrections: <a href="mailto:news@example.org">news@example.org'
        "</a>. For secure communication, ask us for our Signal number.</p>",
    ),
    (
        "/careers/",
        "Careers",
        "<p>We are always looking for reporters, editors and translators who share our "
        "commitment to independent journalism. Write to us with samples of your work.</p>",
    ),
    (
        "/team/",
        "Our team",
        "<p>Our editors and reporters come from across Myanmar's communities. Many write "
        "under pen names for their safety.</p>",
    ),
    (
        "/copyright/",
        "Copyright",
        "<p>All content © the Newsroom unless stated otherwise. Quote freely with a link "
        "back; ask us before republishing whole stories or photographs.</p>",
    ),
    (
        "/donation/",
        "Support our journalism",
        "<p>Independent reporting on Myanmar is possible because readers pay for it. A "
        "monthly gift keeps our reporters in the field.</p>",
    ),
]
