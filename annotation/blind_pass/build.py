# Build script for the blind annotation of izvestia-2022-01-20.
import csv, json, os
SRC_PATH = '/work/blind_in/izvestia-2022-01-20.txt'
OUT = '/work/blind_out'
SID = 'izvestia-2022-01-20'
src = open(SRC_PATH, encoding='utf-8').read()

def F(text, ctx=None):
    """Locate `text` inside the unique context string `ctx` (default: text itself)."""
    ctx = ctx or text
    assert src.count(ctx) == 1, ('context not unique', ctx, src.count(ctx))
    i = src.index(ctx) + ctx.index(text)
    assert src[i:i+len(text)] == text
    return i, i + len(text), text

def fields(name):
    return [f['name'] for f in json.load(open(f'/work/blind_in/schemas/{name}.schema.json'))['fields']]

def write(name, rows):
    fn = fields(name)
    with open(os.path.join(OUT, name + '.csv'), 'w', encoding='utf-8', newline='') as fh:
        w = csv.DictWriter(fh, fieldnames=fn, lineterminator='\n', quoting=csv.QUOTE_MINIMAL)
        w.writeheader()
        for r in rows:
            extra = set(r) - set(fn)
            assert not extra, (name, extra)
            w.writerow({k: ('true' if r.get(k) is True else 'false' if r.get(k) is False else r.get(k, '')) for k in fn})
    print(name, len(rows))

# ---------------------------------------------------------------- actors
A = lambda **k: k
actors = [
 A(actor_id='russia', name='Russia', kind='state', country='RUS', cameo_actor_code='RUS',
   note='Also referred to as "the Russian Federation", "Moscow", "we"/"our" in Dzhabarov\'s quote, "the Russian delegation", and by the country adjective where it stands for the state as a party.'),
 A(actor_id='usa', name='United States', kind='state', country='USA', cameo_actor_code='USA',
   note='Also "US" (the US reaction, the US delegations), "Washington", "the White House", "the American side", "American colleagues"; the White House is read as a metonym for the US government, not a separate actor.'),
 A(actor_id='dzhabarov', name='Vladimir Dzhabarov', kind='person', country='RUS',
   role='First Deputy Head of the Federation Council Committee on International Affairs',
   affiliation_id='federation-council-committee-on-international-affairs', cameo_actor_code='RUSLEG',
   note='Called "the senator" in the text.'),
 A(actor_id='federation-council-committee-on-international-affairs', name='Federation Council Committee on International Affairs',
   kind='organization', country='RUS', affiliation_id='federation-council', cameo_actor_code='RUSLEG',
   note='Named only inside Dzhabarov\'s title; kept as an actor because it is an organisation the text names (guidelines name only "Federation Council" explicitly; annotator\'s choice).'),
 A(actor_id='federation-council', name='Federation Council', kind='organization', country='RUS', affiliation_id='russia',
   cameo_actor_code='RUSLEG', note='Named only inside Dzhabarov\'s title.'),
 A(actor_id='izvestia', name='Izvestia', kind='organization', country='RUS', cameo_actor_code='RUSMED',
   note='The newspaper publishing the article; medium of Dzhabarov\'s and Meister\'s statements.'),
 A(actor_id='blinken', name='Anthony Blinken', kind='person', country='USA', role='US Secretary of State',
   affiliation_id='usa', cameo_actor_code='USAGOV'),
 A(actor_id='american-media', name='American media', kind='group', country='USA', cameo_actor_code='USAMED',
   note='Named only in Dzhabarov\'s quote, as one of those "attacking Russia".'),
 A(actor_id='american-political-scientists', name='political scientists', kind='group', country='USA',
   note='Read as American political scientists: "American" in "the American media, political scientists, congressmen" taken to scope over the list. No CAMEO actor code assigned (EDU considered; uncertain for pundits).'),
 A(actor_id='us-congressmen', name='congressmen', kind='group', country='USA', cameo_actor_code='USALEG',
   note='Members of the US Congress as a group; Congress itself is not named.'),
 A(actor_id='biden', name='Biden', kind='person', country='USA', role='президент США', affiliation_id='usa', cameo_actor_code='USAGOV',
   note='The English text gives only "Biden"; the first name "Джо" and the title "президент США" (US President) come from the editorial gloss "[президент США Джо]". name_native left empty: his own script is Latin, and the text gives no full native form.'),
 A(actor_id='lavrov', name='Lavrov', kind='person', country='RUS', role='Foreign Minister', affiliation_id='russian-foreign-ministry',
   name_native='Сергей Лавров', cameo_actor_code='RUSGOV',
   note='The English text uses only the surname; the full name appears only in Cyrillic in the gloss "[Сергей Лавров]".'),
 A(actor_id='russian-president', name='President of the Russian Federation', kind='role', country='RUS', affiliation_id='russia',
   cameo_actor_code='RUSGOV', note='Office named in Dzhabarov\'s quote; the holder is not named in the text, so kept as a role.'),
 A(actor_id='meister', name='Stefan Meister', kind='person', country='DEU',
   role='head of the International Order and Democracy program at the German Council on Foreign Relations',
   affiliation_id='german-council-on-foreign-relations',
   note='No CAMEO actor code assigned (think-tank analyst; no clearly applicable role code). The "International Order and Democracy program" is treated as part of his title, not as a separate actor.'),
 A(actor_id='german-council-on-foreign-relations', name='German Council on Foreign Relations', kind='organization', country='DEU',
   note='Named only inside Meister\'s title; "German" is part of the name and not a mention of Germany.'),
 A(actor_id='gavrilov', name='Konstantin Gavrilov', kind='person', country='RUS',
   role='head of the Russian delegation at the talks in Vienna on military security and arms control',
   affiliation_id='russia', cameo_actor_code='RUSGOV',
   note='Affiliation set to Russia: the text names only "the Russian delegation", which the guidelines treat as a mention of Russia.'),
 A(actor_id='zakharova', name='Maria Zakharova', kind='person', country='RUS', role='official representative of the Russian Foreign Ministry',
   affiliation_id='russian-foreign-ministry', cameo_actor_code='RUSGOV'),
 A(actor_id='russian-foreign-ministry', name='Russian Foreign Ministry', kind='organization', country='RUS', affiliation_id='russia',
   cameo_actor_code='RUSGOV'),
 A(actor_id='ukraine', name='Ukraine', kind='state', country='UKR', cameo_actor_code='UKR',
   note='Referred to as an actor only by the metonym "Kiev" ("to force Kiev to comply"); "Ukraine" and the other "Kiev" are places in this text.'),
 A(actor_id='nato', name='NATO', kind='organization',
   note='Also "the alliance". International body: country empty. CAMEO actor code left empty (not verifiable from the shipped vocabularies).'),
 A(actor_id='russia-nato-council', name='Russia-NATO Council', kind='organization',
   note='Forum; host of the 12 January meeting.'),
 A(actor_id='osce', name='Organization for Security and Cooperation in Europe', kind='organization',
   note='International body; host ("the Vienna site") of the 13 January consultations. CAMEO actor code left empty.'),
]
write('actors', actors)

# ---------------------------------------------------------------- mentions
M = []
def m(actor, loc, typ, note=''):
    s, e, t = loc
    M.append(dict(source_id=SID, actor_id=actor, start=s, end=e, text=t, mention_type=typ, note=note))

P1 = 'This was announced on Thursday, January 20, by Vladimir Dzhabarov, First Deputy Head of the Federation Council Committee on International Affairs, to Izvestia.'
m('russia', F('Russia', 'Russia has nothing to expect'), 'name')
m('usa', F('United States', 'negotiations with the United States in Geneva, which'), 'name')
m('dzhabarov', F('Vladimir Dzhabarov', P1), 'name')
m('dzhabarov', F('First Deputy Head of the Federation Council Committee on International Affairs', P1), 'title')
m('federation-council-committee-on-international-affairs', F('Federation Council Committee on International Affairs', P1), 'name',
  'Organisation named inside Dzhabarov\'s title.')
m('federation-council', F('Federation Council', P1), 'name', 'Named inside Dzhabarov\'s title (guidelines: a mention of that actor too).')
m('izvestia', F('Izvestia', P1), 'name')
m('dzhabarov', F('him', 'According to him, it is difficult'), 'pronoun')
m('russia', F('we', 'things that we do not yet know'), 'pronoun', 'Dzhabarov\'s "we" read as the Russian side (paraphrased first person).')
m('usa', F('US', 'the US reaction is'), 'name', 'Country abbreviation standing for the state as a party ("the US reaction").')
m('blinken', F('US Secretary of State', 'either US Secretary of State Anthony Blinken'), 'title', '"US" inside the office title is not a separate mention.')
m('blinken', F('Anthony Blinken', 'either US Secretary of State Anthony Blinken'), 'name')
m('blinken', F('he', 'or he declares'), 'pronoun')
m('usa', F('they', 'that they are ready to discuss'), 'pronoun', '"they" read as the US side for which Blinken speaks.')
m('dzhabarov', F('the senator', 'the senator added'), 'title')
Q = 'the American media, political scientists, congressmen, and himself [президент США Джо] Biden, in his yesterday’s statement, are attacking Russia'
m('american-media', F('American media', Q), 'group', 'Leading "the" left out, as for the guidelines\' group example "American colleagues".')
m('american-political-scientists', F('political scientists', Q), 'group')
m('us-congressmen', F('congressmen', Q), 'group')
m('biden', F('himself', Q), 'pronoun')
m('biden', F('президент США', Q), 'title', 'Inside the editorial gloss "[президент США Джо]" (newspaper\'s words, not Dzhabarov\'s); "США" inside the title is not a separate mention.')
m('biden', F('Джо', Q), 'name', 'First name supplied by the editorial gloss; together with the following "Biden" it forms the full name across the bracket.')
m('biden', F('Biden', Q), 'name')
m('biden', F('his', Q), 'pronoun')
m('russia', F('Russia', 'are attacking Russia'), 'name')
m('usa', F('they', 'it is unlikely that they have'), 'pronoun', '"they" = the American media, political scientists, congressmen and Biden just listed; read collectively as the American side (low-medium certainty: could also be read as those groups only).')
m('russia', F('Russian Federation', 'actions of the Russian Federation, which'), 'name')
m('dzhabarov', F('I', 'I think that we have'), 'pronoun')
m('russia', F('we', 'I think that we have'), 'pronoun')
m('lavrov', F('our Foreign Minister', 'our Foreign Minister [Сергей Лавров]'), 'title')
m('russia', F('our', 'our Foreign Minister [Сергей Лавров]'), 'pronoun', 'Possessive inside the title phrase: Russia as the speaker\'s side (annotator\'s choice to count it, by analogy with country words that stand for the state).')
m('lavrov', F('Сергей Лавров', '[Сергей Лавров]'), 'name', 'Inside the editorial gloss; newspaper\'s words.')
m('usa', F('your opponents', 'listen to your opponents'), 'group', 'Generic "your opponents" read in context as the American side at the Geneva talks; low certainty.')
m('russian-president', F('the President of the Russian Federation', 'to the President of the Russian Federation and'), 'title')
m('russia', F('Russian Federation', 'to the President of the Russian Federation and'), 'name', 'Inside the title "the President of the Russian Federation" (guidelines: a mention of the state).')
m('dzhabarov', F('Dzhabarov', '”said Dzhabarov'), 'name')
P4 = 'Stefan Meister, head of the International Order and Democracy program at the German Council on Foreign Relations, told Izvestia'
m('meister', F('Stefan Meister', P4), 'name')
m('meister', F('head of the International Order and Democracy program at the German Council on Foreign Relations', P4), 'title')
m('german-council-on-foreign-relations', F('German Council on Foreign Relations', P4), 'name', '"German" is part of the organisation\'s name: no mention of Germany.')
m('izvestia', F('Izvestia', P4), 'name')
m('russia', F('Russia', 'compromise between Russia and the United States'), 'name')
m('usa', F('United States', 'compromise between Russia and the United States'), 'name')
P5 = 'Konstantin Gavrilov, head of the Russian delegation at the talks in Vienna on military security and arms control, suggested'
m('gavrilov', F('Konstantin Gavrilov', P5), 'name')
m('gavrilov', F('head of the Russian delegation at the talks in Vienna on military security and arms control', P5), 'title')
m('russia', F('the Russian delegation', P5), 'description', 'Delegation inside Gavrilov\'s title: a mention of Russia (guidelines).')
m('lavrov', F('Russian Foreign Minister', 'between Russian Foreign Minister and US Secretary'), 'title', '"Russian" inside the office title is not a separate mention.')
m('blinken', F('US Secretary of State', 'and US Secretary of State Anthony Blinken in Geneva'), 'title')
m('blinken', F('Anthony Blinken', 'and US Secretary of State Anthony Blinken in Geneva'), 'name')
m('gavrilov', F('He', 'He also expressed hope'), 'pronoun')
m('usa', F('the American side', 'common sense of the American side'), 'description')
m('usa', F('American colleagues', 'pragmatism of the American colleagues'), 'group', 'Leading "the" left out as in the guidelines\' example.')
m('blinken', F('Blinken', 'it became known that Blinken would meet'), 'name')
m('lavrov', F('Lavrov', 'in Geneva with Lavrov after'), 'name')
P6 = 'the official representative of the Russian Foreign Ministry, Maria Zakharova'
m('zakharova', F('the official representative of the Russian Foreign Ministry', P6), 'title')
m('russian-foreign-ministry', F('Russian Foreign Ministry', P6), 'name', 'Inside Zakharova\'s title (guidelines).')
m('zakharova', F('Maria Zakharova', P6), 'name')
m('blinken', F('Blinken', 'Also on that day, Blinken said'), 'name')
m('usa', F('the American side', 'the American side did not plan'), 'description')
m('lavrov', F('Lavrov', 'send Lavrov a written'), 'name')
m('russia', F('Russia', 'Russia’s proposals on security guarantees at the talks'), 'name')
m('blinken', F('him', 'According to him, it is not clear'), 'pronoun')
m('usa', F('Washington', 'not clear to Washington'), 'metonym')
m('russia', F('Russian', 'the Russian demands on the United States'), 'name', 'Country adjective standing for the state as a party ("the Russian demands").')
m('usa', F('United States', 'the Russian demands on the United States'), 'name')
m('russia', F('Moscow', 'key for Moscow'), 'metonym')
m('usa', F('the White House', 'unacceptable for the White House'), 'metonym')
m('lavrov', F('Lavrov', 'Lavrov also urged'), 'name')
m('blinken', F('the US Secretary of State', 'urged the US Secretary of State not'), 'title')
m('russia', F('Russian', 'impending Russian aggression'), 'name', 'Country adjective standing for the state as a party ("Russian aggression").')
m('ukraine', F('Kiev', 'force Kiev to comply'), 'metonym', 'Kiev stands for the Ukrainian government.')
m('russia', F('Russian', 'the Russian and US delegations'), 'name', 'Country adjective standing for the state ("the Russian and US delegations"; delegations are not separate actors).')
m('usa', F('US', 'the Russian and US delegations'), 'name', 'Country abbreviation standing for the state ("the Russian and US delegations").')
m('russia-nato-council', F('Russia-NATO Council', 'a meeting of the Russia-NATO Council'), 'name')
m('nato', F('NATO', 'the Russia-NATO Council'), 'name', 'Name of another actor inside an organisation\'s name; the bare country word "Russia" in the same name is not counted (guidelines\' title/name rule).')
m('osce', F('Organization for Security and Cooperation in Europe', 'site of the Organization for Security and Cooperation in Europe'), 'name')
m('russian-foreign-ministry', F('Russian Foreign Ministry', 'On December 17, the Russian Foreign Ministry published'), 'name')
D = 'draft agreements between Russia, the United States and NATO on security guarantees'
m('russia', F('Russia', D), 'name')
m('usa', F('United States', D), 'name')
m('nato', F('NATO', D), 'name')
m('nato', F('the alliance', 'the alliance must renounce'), 'description')
m('russia', F('Russia', 'Also, Russia and NATO must pledge'), 'name')
m('nato', F('NATO', 'Also, Russia and NATO must pledge'), 'name')

M.sort(key=lambda r: (r['start'], -r['end']))
for i, r in enumerate(M, 1):
    r['mention_id'] = f'm{i:03d}'
write('mentions', M)

# ---------------------------------------------------------------- statements
S = []
def st(speaker, loc, mode, cue, said_on='', prec='unknown', ev='', inf=False, recipient='', target='', tinf=False,
       medium='', reported_by='', about='', cameo='', ptype='', pmode='', preason='', conf='high', note=''):
    s, e, t = loc
    S.append(dict(source_id=SID, speaker_id=speaker, recipient_id=recipient, target_id=target, target_inferred=tinf,
                  medium_id=medium, mode=mode, cue=cue, start=s, end=e, text=t, said_on=said_on, said_on_precision=prec,
                  said_on_evidence=ev, said_on_inferred=inf, reported_by=reported_by, about_event_id=about,
                  cameo_code=cameo, plover_type=ptype, plover_mode=pmode, plover_mode_reason=preason,
                  confidence=conf, note=note))
    return f's{len(S):03d}'

J20 = 'on Thursday, January 20'
QUOTE = '“Judging by the zeal'
s001 = st('dzhabarov', F('Russia has nothing to expect from negotiations with the United States in Geneva'), 'indirect', 'announced',
   '2022-01-20', 'day', J20, True, target='usa', medium='izvestia', about='geneva-meeting-2022-01-21', cameo='012', conf='high',
   note='Span ends before the relative clause "which will be held on January 21", read as the newspaper\'s own dating of the talks rather than part of Dzhabarov\'s claim. Date: year left out, so inferred. recipient left empty: the claim was made to the newspaper (medium_id), not addressed to an actor.')
s002 = st('dzhabarov', F('it is difficult to assess the prospect of things that we do not yet know about'), 'indirect', 'According to him',
   '2022-01-20', 'day', J20, True, target='usa', tinf=True, medium='izvestia', about='geneva-meeting-2022-01-21', cameo='010', conf='medium',
   note='Target inferred: "things that we do not yet know about" = what the US side will bring to the Geneva talks (the other side of the talks). Residual 010: 011 (decline comment) does not fit since he does comment, 012 (pessimistic) is not stated in this sentence. Date carried over from the same speaker\'s report (inferred).')
s003 = st('dzhabarov', F('the US reaction is incomprehensible: either US Secretary of State Anthony Blinken says that there is no response on security guarantees, or he declares that they are ready to discuss some things'),
   'indirect', 'added', '2022-01-20', 'day', J20, True, target='usa', medium='izvestia', cameo='111', ptype='ACCUSE', pmode='disapprove', conf='medium',
   note='"In addition" left outside the span. Criticism of the US reaction as incomprehensible coded 111 (010 considered; "incomprehensible" read as disapproval). Contains two nested reported statements of Blinken (s004, s005). Cue: "the senator added". Date carried over from the same speaker\'s report (inferred).')
s004 = st('blinken', F('there is no response on security guarantees'), 'indirect', 'says', reported_by=s003, target='russia', tinf=True,
   about='us-written-response', cameo='010', conf='medium',
   note='Nested: Blinken\'s words as Dzhabarov gives them; no date of its own. Target inferred: the response would be to Russia\'s proposals (other side of the talks). Residual 010: 120 (refusal) considered, but the words state that no response exists rather than refuse one.')
s005 = st('blinken', F('they are ready to discuss some things'), 'indirect', 'declares', reported_by=s003, target='russia', tinf=True,
   cameo='036', ptype='AGREE', conf='medium',
   note='Nested: Blinken\'s words as Dzhabarov gives them; no date of its own. Target inferred: the other side of the talks (Russia). "they" = the US side.')
s006 = st('dzhabarov', F(Q), 'direct_quote', 'said', '2022-01-20', 'day', J20, True, target='usa', medium='izvestia',
   about='us-attacks-on-russia', cameo='111', ptype='ACCUSE', pmode='disapprove', conf='medium',
   note='"Judging by the zeal with which" is the speaker\'s evidential frame and kept outside; the claim is that the American media, political scientists, congressmen and Biden are attacking Russia. Coded 111 (criticize/denounce) as Dzhabarov\'s accusation; 112 considered. Target: the named American actors generalised to the United States (named via "American"). Contains the editorial gloss "[президент США Джо]". Date: quote taken as part of the same 20 January report to Izvestia (inferred).')
s007 = st('dzhabarov', F('it is unlikely that they have something in store for this meeting'), 'direct_quote', 'said', '2022-01-20', 'day', J20, True,
   target='usa', tinf=True, medium='izvestia', about='geneva-meeting-2022-01-21', cameo='012', conf='high',
   note='Target inferred from "they" (the American side). Date as s006 (inferred).')
s008 = st('dzhabarov', F('it was a painfully nervous reaction to the actions of the Russian Federation, which do not even exist'), 'direct_quote', 'said',
   '2022-01-20', 'day', J20, True, target='usa', tinf=True, medium='izvestia', about='us-attacks-on-russia', cameo='111', ptype='ACCUSE', pmode='disapprove',
   conf='medium', note='Target inferred from "it" (the American attacks just described). Coded 111 (characterising the US reaction as painfully nervous); the clause "which do not even exist" also denies Russian actions (016 deny responsibility considered; the main act is the criticism). Date as s006 (inferred).')
s009 = st('dzhabarov', F('I think that we have nothing much to look forward to there (in Geneva – Ed.)'), 'direct_quote', 'said', '2022-01-20', 'day', J20, True,
   target='usa', tinf=True, medium='izvestia', about='geneva-meeting-2022-01-21', cameo='012', conf='high',
   note='Target inferred from "there" (the Geneva talks with the US side). Span includes the editor\'s note "(in Geneva – Ed.)" so that the insertion lies inside it; those words are not Dzhabarov\'s (see editorial_insertions). "I think that" kept as the speaker\'s own hedge inside the quote.')
s010 = st('dzhabarov', F('it is very pleasant that our Foreign Minister [Сергей Лавров] agreed to meet'), 'direct_quote', 'said', '2022-01-20', 'day', J20, True,
   target='lavrov', medium='izvestia', about='agreement-to-meet-2022-01-19', cameo='051', ptype='SUPPORT', conf='medium',
   note='"but nevertheless" left outside. Approval of Lavrov\'s agreeing to meet coded 051 (praise or endorse); 013 (optimistic comment) considered. Contains the gloss "[Сергей Лавров]". Date as s006 (inferred).')
s011 = st('dzhabarov', F('it is necessary to listen to your opponents, report the results of the negotiations to the President of the Russian Federation and make appropriate decisions at a high political and military level'),
   'direct_quote', 'said', '2022-01-20', 'day', J20, True, target='lavrov', tinf=True, medium='izvestia', about='geneva-meeting-2022-01-21',
   cameo='010', conf='low',
   note='Target inferred: the impersonal "it is necessary to…" read as the task of the Foreign Minister who "agreed to meet" (the United States as "your opponents" or the President as addressee of the report are alternative readings). Residual 010: 014 (consider policy option) considered, but the speaker prescribes a procedure rather than considering an option. Date as s006 (inferred).')
s012 = st('meister', F('there was no reason to reach a compromise between Russia and the United States on security guarantees during the talks in Geneva'),
   'indirect', 'told', '2022-01-20', 'day', J20 + ' … Earlier in the day', True, target='russia', medium='izvestia',
   about='geneva-meeting-2022-01-21', cameo='012', conf='medium',
   note='Pessimistic assessment (012). Target: both Russia and the United States are named as parties of the hoped-for compromise; Russia (named first) chosen, the United States equally possible. Date: "Earlier in the day" = the day of Dzhabarov\'s 20 January statement (inferred).')
s013 = st('gavrilov', F('a breakthrough in negotiations on security guarantees could occur at a meeting between Russian Foreign Minister and US Secretary of State Anthony Blinken in Geneva'),
   'indirect', 'suggested', target='blinken', about='geneva-meeting-2022-01-21', cameo='013', conf='high',
   note='Optimistic comment (013). Target: Blinken, the other party named in the meeting. Date unknown: "At the same time" starts another speaker\'s report in a new paragraph (guidelines).')
s014 = st('gavrilov', F('the common sense of the American side and the pragmatism of the American colleagues'), 'indirect', 'expressed hope',
   target='usa', cameo='013', conf='medium',
   note='Span is the object of "expressed hope for". Coded 013 (optimistic comment); 020 (implicit appeal to the US side) considered. Date unknown: continues Gavrilov\'s undated report.')
s015 = st('zakharova', F('this meeting was being worked out'), 'indirect', 'announced', target='blinken', tinf=True,
   about='geneva-meeting-2022-01-21', cameo='036', ptype='AGREE', conf='medium',
   note='Target inferred from "this meeting" (the meeting with Blinken). Confirming that the meeting is being prepared coded 036 (intent to meet); 010 considered. Date unknown: "Later" after the 19 January report may or may not be the same day, and it starts another speaker\'s report.')
s016 = st('blinken', F('the American side did not plan to send Lavrov a written response to Russia’s proposals on security guarantees at the talks'),
   'indirect', 'said', '2022-01-19', 'day', 'On January 19 … Also on that day', True, target='russia', about='us-written-response',
   cameo='120', ptype='REJECT', conf='medium',
   note='A refusal coded 120 rather than a statement 010 (judgement). Target: Russia, whose proposals are named (Lavrov, the would-be recipient, is an alternative). Date: "on that day" refers back to "On January 19" in the previous paragraph; an explicit anaphoric date, not a bare connective, so carried over (inferred).')
s017 = st('blinken', F('it is not clear to Washington which of the Russian demands on the United States in the field of security are key for Moscow'),
   'indirect', 'According to him', '2022-01-19', 'day', 'On January 19 … Also on that day', True, target='russia',
   cameo='010', conf='medium',
   note='Residual 010: 111 (criticize) and 012 considered; the words state uncertainty rather than criticism. Target named: "the Russian demands", "Moscow". Date shares the same speaker\'s report (inferred).')
s018 = st('blinken', F('a number of them are unacceptable for the White House'), 'indirect', '', '2022-01-19', 'day', 'On January 19 … Also on that day', True,
   target='russia', tinf=True, cameo='127', ptype='REJECT', pmode='', preason='The crosswalk\'s mode meet does not apply: nothing about a meeting is rejected; some of the proposed agreement\'s demands are.',
   conf='medium',
   note='No reporting verb: "At the same time, …" read as continuing Blinken\'s report ("According to him"), so cue empty and confidence lowered. Target inferred from "them" (the Russian demands). Coded 127 (reject plan/agreement) as rejecting part of the draft agreements; 120 considered. Date shares the same speaker\'s report (inferred).')
s019 = st('lavrov', F('not to replicate speculation about the allegedly impending Russian aggression in Ukraine'), 'indirect', 'urged',
   recipient='blinken', target='blinken', about='russian-aggression-ukraine-alleged', cameo='020', conf='medium',
   note='Appeal to Blinken. Residual 020: 0242 (appeal for policy change) and 022 considered; not repeating speculation is a request about rhetoric, not a policy or diplomatic cooperation. Date unknown: new paragraph starting with "also" (guidelines); the previous paragraph\'s 19 January is not carried over.')
s020 = st('lavrov', F('to force Kiev to comply with the Minsk agreements'), 'indirect', 'urged', recipient='blinken', target='blinken',
   cameo='022', conf='medium',
   note='Second part of the same appeal ("but" left outside). Coded 022 (appeal for diplomatic cooperation: that the US pressure Kiev); 027 (appeal to settle dispute) considered. Target is the addressee Blinken; Kiev (Ukraine) is the object of the requested pressure. Date unknown as s019.')
S.sort(key=lambda r: (r['start'], -r['end']))
# ids were assigned in creation order; assert creation order == text order
starts = [r['start'] for r in S]
assert starts == sorted(starts)
for i, r in enumerate(S, 1):
    r['statement_id'] = f's{i:03d}'
write('statements', S)

# ---------------------------------------------------------------- editorial insertions
I = []
def ins(stid, loc, kind, ref='', note=''):
    s, e, t = loc
    I.append(dict(source_id=SID, statement_id=stid, start=s, end=e, text=t, kind=kind, refers_to_actor_id=ref, note=note))
ins(s006, F('[президент США Джо]'), 'gloss', 'biden', 'Russian gloss "US President Joe" added before "Biden".')
ins(s009, F('(in Geneva – Ed.)'), 'editor_note', '', 'Explains Dzhabarov\'s "there"; names a place, not an actor. "Ed." (the editor) not counted as an actor mention.')
ins(s010, F('[Сергей Лавров]'), 'gloss', 'lavrov', 'Russian gloss "Sergey Lavrov" identifying "our Foreign Minister".')
for i, r in enumerate(I, 1):
    r['insertion_id'] = f'i{i:02d}'
write('editorial_insertions', I)

# ---------------------------------------------------------------- events
E = []
def ev(eid, title, loc, status, fact, afact, prec='unknown', ds='', de='', dev='', dinf=False, parent='', rep='',
       location='', country='', cameo='', ptype='', pmode='', preason='', conf='high', note=''):
    s, e, t = loc
    E.append(dict(event_id=eid, source_id=SID, title=title, parent_id=parent, date_start=ds, date_end=de, date_precision=prec,
                  date_evidence=dev, date_inferred=dinf, status=status, factuality=fact, author_factuality=afact,
                  reporting_statement_id=rep, location=location, country=country, cameo_code=cameo, plover_type=ptype,
                  plover_mode=pmode, plover_mode_reason=preason, start=s, end=e, text=t, confidence=conf, note=note))

ev('us-attacks-on-russia', 'American media, political scientists and congressmen attacking Russia (as Dzhabarov characterises it)',
   F('the American media, political scientists, congressmen, and himself [президент США Джо] Biden, in his yesterday’s statement, are attacking Russia'),
   'ongoing', 'CT+', 'Uu', rep=s006, cameo='111', ptype='ACCUSE', pmode='disapprove', conf='medium',
   note='Speaker\'s characterisation ("are attacking"), known only from Dzhabarov\'s quote; the newspaper does not assert it. Verbal attacks coded 111. Biden\'s own contribution is kept as the separate event biden-statement-2022-01-19 (not a child, so that leaf tallies keep both); this row\'s participants are the media, political scientists and congressmen. Undated ("are attacking"): ongoing at the time of the statement.')
ev('biden-statement-2022-01-19', 'Biden\'s statement attacking Russia', F('his yesterday’s statement', Q),
   'occurred', 'CT+', 'Uu', 'day', '2022-01-19', '', J20 + ' … his yesterday’s statement', True, rep=s006,
   cameo='111', ptype='ACCUSE', pmode='disapprove', conf='medium',
   note='"yesterday" resolved against the 20 January date of Dzhabarov\'s statement. Known only from Dzhabarov\'s quote. Coded 111 because Dzhabarov characterises it as "attacking Russia"; the content of the statement is not given.')
ev('russian-actions-denied', 'Russian actions that the American side reacted to (denied by Dzhabarov)',
   F('the actions of the Russian Federation, which do not even exist'), 'unknown', 'CT-', 'Uu', rep=s008, conf='low',
   note='Implicitly alleged (by the American side) and denied by Dzhabarov ("which do not even exist"): factuality CT- for Dzhabarov, not coded.')
ev('russia-us-compromise-geneva', 'Russia–US compromise on security guarantees at the Geneva talks (hypothetical)',
   F('reach a compromise between Russia and the United States on security guarantees during the talks in Geneva'),
   'unknown', 'PR-', 'Uu', rep=s012, location='Geneva', country='CHE', conf='low',
   note='Hypothetical outcome Meister sees "no reason" to expect: PR- (probably not) for Meister; not coded. Undated; would fall at the 21 January talks.')
ev('geneva-breakthrough', 'Breakthrough on security guarantees at the Lavrov–Blinken meeting (possible)',
   F('a breakthrough in negotiations on security guarantees could occur'), 'unknown', 'PS+', 'Uu', rep=s013,
   location='Geneva', country='CHE', conf='medium',
   note='"could occur": possible for Gavrilov (PS+); not coded. Left undated (would fall at the 21 January meeting, but its status is unknown, so no future date is entered).')
ev('agreement-to-meet-2022-01-19', 'Blinken and Lavrov agree to meet in Geneva on 21 January',
   F('On January 19, it became known that Blinken would meet on January 21 in Geneva with Lavrov'), 'occurred', 'CT+', 'CT+',
   'day', '2022-01-19', '', 'On January 19', True, cameo='036', ptype='AGREE', conf='high',
   note='Agreement to meet coded 036 on the day it became known (guidelines). Side named first (Blinken) is the actor. Dzhabarov\'s "our Foreign Minister agreed to meet" (s010) and Zakharova\'s "this meeting was being worked out" (s015) refer to the same arrangement. Location of the agreement itself not given.')
ev('geneva-meeting-2022-01-21', 'Lavrov–Blinken meeting in Geneva', F('Blinken would meet on January 21 in Geneva with Lavrov'),
   'scheduled', 'CT+', 'CT+', 'day', '2022-01-21', '', 'which will be held on January 21; would meet on January 21', True,
   location='Geneva', country='CHE', cameo='046', ptype='CONSULT', conf='high',
   note='Scheduled meeting, first referred to as the "negotiations with the United States in Geneva" (inside s001) and later as "this meeting" and "a meeting between Russian Foreign Minister and US Secretary of State Anthony Blinken in Geneva". Span taken from the newspaper\'s own narration. Coded 046 (negotiation on security guarantees); 044 (meet at a third location) equally possible. Year omitted: inferred.')
ev('blinken-visit-kiev', 'Blinken\'s trip to Kiev', F('trips to Kiev and Berlin'), 'unknown', 'CT+', 'CT+', location='Kiev', country='UKR',
   cameo='042', ptype='CONSULT', pmode='visit', conf='high',
   note='Dated only as before the 21 January meeting ("after trips to"), so status and date unknown. No target: the text names only the city, not whom Blinken meets. Shares its span with blinken-visit-berlin.')
ev('blinken-visit-berlin', 'Blinken\'s trip to Berlin', F('trips to Kiev and Berlin'), 'unknown', 'CT+', 'CT+', location='Berlin', country='DEU',
   cameo='042', ptype='CONSULT', pmode='visit', conf='high',
   note='Dated only as before the 21 January meeting, so status and date unknown. No target: the text names only the city. Shares its span with blinken-visit-kiev.')
ev('us-written-response', 'US written response to Russia\'s security proposals (not planned)',
   F('send Lavrov a written response to Russia’s proposals on security guarantees at the talks'), 'unknown', 'CT-', 'Uu', rep=s016,
   conf='medium',
   note='Blinken says the US side did not plan to send it: CT- for Blinken; not coded (the refusal is coded on s016).')
ev('russian-aggression-ukraine-alleged', 'Allegedly impending Russian aggression in Ukraine',
   F('the allegedly impending Russian aggression in Ukraine'), 'unknown', 'Uu', 'Uu', rep=s019, location='Ukraine', country='UKR',
   conf='high', note='Allegation that Lavrov calls "speculation": Uu (guidelines). Not coded.')
ev('security-talks-2022-01', 'Russia–US/NATO/OSCE negotiations on security guarantees in three stages',
   F('Negotiations on security guarantees were held in three stages in January'), 'occurred', 'CT+', 'CT+', 'day', '2022-01-10', '2022-01-13',
   'in three stages in January … On January 10 … on January 13', True, cameo='046', ptype='CONSULT', conf='high',
   note='Parent of the three stages (coded like them, 046; count leaves only). Dates from the first and last stage; year omitted (inferred). No single location (Geneva, Brussels, Vienna).')
ev('geneva-talks-2022-01-10', 'Russia–US delegation talks in Geneva', F('On January 10, a meeting of the Russian and US delegations took place in Geneva'),
   'occurred', 'CT+', 'CT+', 'day', '2022-01-10', '', 'On January 10', True, parent='security-talks-2022-01', location='Geneva', country='CHE',
   cameo='046', ptype='CONSULT', conf='high', note='Stage 1. 044 (third location) considered; 046 chosen as negotiation on security guarantees. Year omitted (inferred).')
ev('russia-nato-council-2022-01-12', 'Russia-NATO Council meeting in Brussels', F('On January 12, a meeting of the Russia-NATO Council was held in Brussels'),
   'occurred', 'CT+', 'CT+', 'day', '2022-01-12', '', 'On January 12', True, parent='security-talks-2022-01', location='Brussels', country='BEL',
   cameo='046', ptype='CONSULT', pmode='multilateral',
   preason='The crosswalk gives 046 CONSULT without a mode; mode multilateral added for a multilateral forum (Russia-NATO Council), as the guidelines allow.',
   conf='high', note='Stage 2. Year omitted (inferred).')
ev('osce-vienna-consultations-2022-01-13', 'Consultations at the OSCE in Vienna', F('on January 13, consultations ended at the Vienna site of the Organization for Security and Cooperation in Europe'),
   'occurred', 'CT+', 'CT+', 'day', '2022-01-13', '', 'on January 13', True, parent='security-talks-2022-01', location='Vienna', country='AUT',
   cameo='046', ptype='CONSULT', pmode='multilateral',
   preason='The crosswalk gives 046 CONSULT without a mode; mode multilateral added for consultations in a multilateral organisation (OSCE), as the guidelines allow.',
   conf='medium',
   note='Stage 3. The text dates only the end ("ended ... on January 13"); date_start set to that day. Actor Russia inferred from the parent negotiations; the text names no counterpart, only the OSCE as venue (host), so the dyad has no recipient. 040 considered for "consultations"; 046 kept to match the other stages.')
ev('drafts-published-2021-12-17', 'Russian Foreign Ministry publishes draft security agreements with the US and NATO',
   F('On December 17, the Russian Foreign Ministry published draft agreements between Russia, the United States and NATO on security guarantees'),
   'occurred', 'CT+', 'CT+', 'day', '2021-12-17', '', 'On December 17', True, cameo='037', ptype='AGREE', conf='low',
   note='17 December resolved to 2021 (before the 2022-01-20 publication date; year omitted, inferred). Coding is a judgement: 037 (express intent to settle dispute) for offering draft agreements; 030 (residual) and 1042/100 (the drafts as demands — the article also calls them "demands") considered. Location not given.')
E.sort(key=lambda r: (r['start'], -r['end']))
write('events', E)

# ---------------------------------------------------------------- participants
P = []
def p(eid, actor, role, note=''):
    P.append(dict(event_id=eid, actor_id=actor, role=role, note=note))
for a in ['american-media', 'american-political-scientists', 'us-congressmen']:
    p('us-attacks-on-russia', a, 'actor')
p('us-attacks-on-russia', 'russia', 'recipient')
p('biden-statement-2022-01-19', 'biden', 'actor')
p('biden-statement-2022-01-19', 'russia', 'recipient', 'Target per Dzhabarov\'s characterisation ("attacking Russia").')
p('russian-actions-denied', 'russia', 'participant')
p('russia-us-compromise-geneva', 'russia', 'participant')
p('russia-us-compromise-geneva', 'usa', 'participant')
p('geneva-breakthrough', 'lavrov', 'participant')
p('geneva-breakthrough', 'blinken', 'participant')
p('agreement-to-meet-2022-01-19', 'blinken', 'actor', 'Named first in "Blinken would meet ... with Lavrov".')
p('agreement-to-meet-2022-01-19', 'lavrov', 'recipient')
p('geneva-meeting-2022-01-21', 'blinken', 'actor', 'Named first in the event\'s passage.')
p('geneva-meeting-2022-01-21', 'lavrov', 'recipient')
p('blinken-visit-kiev', 'blinken', 'actor', 'No target: only the city is named.')
p('blinken-visit-berlin', 'blinken', 'actor', 'No target: only the city is named.')
p('us-written-response', 'usa', 'participant', 'Would-be sender ("the American side").')
p('us-written-response', 'lavrov', 'participant', 'Would-be recipient.')
p('russian-aggression-ukraine-alleged', 'russia', 'participant', 'Alleged aggressor; Ukraine is the location, not a mention.')
for a in ['russia', 'usa', 'nato']:
    p('security-talks-2022-01', a, 'participant')
p('security-talks-2022-01', 'osce', 'host', 'Venue of stage 3.')
p('security-talks-2022-01', 'russia-nato-council', 'host', 'Forum of stage 2.')
p('geneva-talks-2022-01-10', 'russia', 'actor', 'Named first ("the Russian and US delegations").')
p('geneva-talks-2022-01-10', 'usa', 'recipient')
p('russia-nato-council-2022-01-12', 'russia', 'actor')
p('russia-nato-council-2022-01-12', 'nato', 'recipient')
p('russia-nato-council-2022-01-12', 'russia-nato-council', 'host', 'Forum providing the venue.')
p('osce-vienna-consultations-2022-01-13', 'russia', 'actor', 'Inferred from the parent negotiations; not named in the sentence.')
p('osce-vienna-consultations-2022-01-13', 'osce', 'host', '"the Vienna site of the" OSCE; no counterpart named.')
p('drafts-published-2021-12-17', 'russian-foreign-ministry', 'actor')
p('drafts-published-2021-12-17', 'usa', 'recipient', 'Addressee of one draft.')
p('drafts-published-2021-12-17', 'nato', 'recipient', 'Addressee of the other draft.')
write('event_participants', P)

# ---------------------------------------------------------------- proposals
PR = []
def pr(pid, kind, title, loc, proposer='', addressee='', parent='', pub='', prec='unknown', pev='', pinf=False, status='unknown', conf='high', note=''):
    s, e, t = loc
    PR.append(dict(proposal_id=pid, source_id=SID, parent_id=parent, kind=kind, title=title, proposer_id=proposer, addressee_id=addressee,
                   published=pub, published_precision=prec, published_evidence=pev, published_inferred=pinf, status=status,
                   start=s, end=e, text=t, confidence=conf, note=note))
pr('draft-russia-usa', 'draft_agreement', 'Russian draft agreement with the United States on security guarantees', F(D), 'russia', 'usa',
   pub='2021-12-17', prec='day', pev='On December 17', pinf=True, status='published', conf='medium',
   note='The text calls both documents "draft agreements"; kind follows the text (draft_treaty not chosen since the text does not say treaty). Proposer Russia, published by the Russian Foreign Ministry. Shares its span with draft-russia-nato. Referred to later as "Russia’s proposals on security guarantees" and "the Russian demands on the United States".')
pr('draft-russia-nato', 'draft_agreement', 'Russian draft agreement with NATO on security guarantees', F(D), 'russia', 'nato',
   pub='2021-12-17', prec='day', pev='On December 17', pinf=True, status='published', conf='medium',
   note='Second of the two 17 December drafts; shares its span with draft-russia-usa.')
pr('clause-nato-renounce-military-activity', 'clause', 'NATO renounces any military activity in Ukraine, Eastern Europe, Transcaucasia and Central Asia',
   F('the alliance must renounce any military activity on the territory of Ukraine and other states of Eastern Europe, Transcaucasia and Central Asia'),
   'russia', 'nato', parent='draft-russia-nato', pub='2021-12-17', prec='day', pev='On December 17', pinf=True, status='published', conf='high',
   note='"the alliance" = NATO, so placed under the Russia–NATO draft (the text says only "the documents").')
pr('clause-no-threat-conditions', 'clause', 'Russia and NATO pledge not to create conditions that can be regarded as a threat by the other side',
   F('Russia and NATO must pledge not to create conditions that can be regarded as a threat by the other side'),
   'russia', 'nato', parent='draft-russia-nato', pub='2021-12-17', prec='day', pev='On December 17', pinf=True, status='published', conf='high',
   note='Mutual obligation of Russia and NATO; placed under the Russia–NATO draft.')
pr('minsk-agreements', 'agreement', 'Minsk agreements', F('Minsk agreements'), status='agreed', conf='high',
   note='Existing accord Lavrov invokes; parties and date not given in the text.')
write('proposals', PR)

# ---------------------------------------------------------------- positions
PO = [
 dict(statement_id=s004, proposal_id='draft-russia-usa', stance='mentions', note='"no response on security guarantees": refers to the US response to Russia\'s proposals without a stance on them; low confidence the reference is to the draft.'),
 dict(statement_id=s016, proposal_id='draft-russia-usa', stance='mentions', note='"Russia’s proposals on security guarantees": refuses a written response, takes no stance on the content. Linked to the US draft only, since the response is the US side\'s.'),
 dict(statement_id=s017, proposal_id='draft-russia-usa', stance='mentions', note='"the Russian demands on the United States" read as the US draft\'s demands.'),
 dict(statement_id=s018, proposal_id='draft-russia-usa', stance='rejects', note='Partial: "a number of them are unacceptable".'),
 dict(statement_id=s020, proposal_id='minsk-agreements', stance='demands', note='Lavrov demands (via the US) that Kiev comply with the agreements.'),
]
write('positions', PO)
