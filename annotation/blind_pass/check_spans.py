#!/usr/bin/env python3
"""Verify every span and evidence fragment of the blind annotation against the source."""
import csv, json, re, sys, os
HERE = os.path.dirname(os.path.abspath(__file__))
SRC = '/work/blind_in/izvestia-2022-01-20.txt'
SCHEMAS = '/work/blind_in/schemas'
VOCAB = '/work/shared/vocab'
src = open(SRC, encoding='utf-8').read()
errors = []
def err(*a): errors.append(' '.join(str(x) for x in a))

def load(name):
    path = os.path.join(HERE, name + '.csv')
    raw = open(path, 'rb').read()
    if b'\r' in raw: err(name, 'contains CR characters')
    with open(path, encoding='utf-8', newline='') as fh:
        r = csv.reader(fh); header = next(r); rows = [dict(zip(header, x)) for x in r]
    want = [f['name'] for f in json.load(open(f'{SCHEMAS}/{name}.schema.json'))['fields']]
    if header != want: err(name, 'header mismatch', header, want)
    return rows

T = {n: load(n) for n in ['actors', 'mentions', 'statements', 'editorial_insertions', 'events', 'event_participants', 'proposals', 'positions']}

# required fields / enums / patterns from the schemas
for n, rows in T.items():
    sch = json.load(open(f'{SCHEMAS}/{n}.schema.json'))
    for f in sch['fields']:
        c = f.get('constraints', {})
        for i, r in enumerate(rows):
            v = r[f['name']]
            if c.get('required') and v == '': err(n, i, f['name'], 'required')
            if v and 'enum' in c and v not in c['enum']: err(n, i, f['name'], 'not in enum', v)
            if v and 'pattern' in c and not re.fullmatch(c['pattern'], v): err(n, i, f['name'], 'pattern', v)
            if v and f['type'] == 'boolean' and v not in ('true', 'false'): err(n, i, f['name'], 'bool', v)
            if v and f['type'] == 'integer' and not v.isdigit(): err(n, i, f['name'], 'int', v)
            if v and f['type'] == 'date' and not re.fullmatch(r'\d{4}-\d\d-\d\d', v): err(n, i, f['name'], 'date', v)

def check_span(n, r, key):
    s, e, t = int(r['start']), int(r['end']), r['text']
    if not (0 <= s < e <= len(src)): err(n, r[key], 'bad offsets'); return
    if src[s:e] != t: err(n, r[key], 'span text mismatch', repr(src[s:e]), repr(t))
    if t != t.strip(): err(n, r[key], 'span starts/ends with whitespace')

for n, key in [('mentions', 'mention_id'), ('statements', 'statement_id'), ('editorial_insertions', 'insertion_id'),
               ('events', 'event_id'), ('proposals', 'proposal_id')]:
    for r in T[n]: check_span(n, r, key)

def check_evidence(n, key, r, col):
    v = r.get(col, '')
    if not v: return
    for part in re.split(r' … |; ', v):
        if part not in src: err(n, r[key], col, 'fragment not in source:', repr(part))
for r in T['statements']: check_evidence('statements', 'statement_id', r, 'said_on_evidence')
for r in T['events']: check_evidence('events', 'event_id', r, 'date_evidence')
for r in T['proposals']: check_evidence('proposals', 'proposal_id', r, 'published_evidence')

# ids in text order
for n, key, pre in [('mentions', 'mention_id', 'm'), ('statements', 'statement_id', 's')]:
    rows = T[n]
    for i, r in enumerate(rows, 1):
        if r[key] != f'{pre}{i:03d}': err(n, r[key], 'id not sequential')
    st = [(int(r['start']), -int(r['end'])) for r in rows]
    if st != sorted(st): err(n, 'not in text order')

# uniqueness
for n, key in [('actors', 'actor_id'), ('mentions', 'mention_id'), ('statements', 'statement_id'), ('events', 'event_id'),
               ('proposals', 'proposal_id'), ('editorial_insertions', 'insertion_id')]:
    ids = [r[key] for r in T[n]]
    if len(ids) != len(set(ids)): err(n, 'duplicate ids')

# foreign keys
A = {r['actor_id'] for r in T['actors']}; S = {r['statement_id']: r for r in T['statements']}
E = {r['event_id']: r for r in T['events']}; P = {r['proposal_id'] for r in T['proposals']}
def fk(n, rows, col, target):
    for r in rows:
        if r[col] and r[col] not in target: err(n, col, 'dangling', r[col])
fk('actors', T['actors'], 'affiliation_id', A)
fk('mentions', T['mentions'], 'actor_id', A)
for c in ['speaker_id', 'recipient_id', 'target_id', 'medium_id']: fk('statements', T['statements'], c, A)
fk('statements', T['statements'], 'reported_by', S); fk('statements', T['statements'], 'about_event_id', E)
fk('editorial_insertions', T['editorial_insertions'], 'statement_id', S); fk('editorial_insertions', T['editorial_insertions'], 'refers_to_actor_id', A)
fk('events', T['events'], 'parent_id', E); fk('events', T['events'], 'reporting_statement_id', S)
fk('event_participants', T['event_participants'], 'event_id', E); fk('event_participants', T['event_participants'], 'actor_id', A)
for c in ['parent_id']: fk('proposals', T['proposals'], c, P)
for c in ['proposer_id', 'addressee_id']: fk('proposals', T['proposals'], c, A)
fk('positions', T['positions'], 'statement_id', S); fk('positions', T['positions'], 'proposal_id', P)
for r in T['statements'] + T['events'] + T['mentions'] + T['proposals'] + T['editorial_insertions']:
    if r['source_id'] != 'izvestia-2022-01-20': err('source_id', r['source_id'])

def inside(a, b): return int(b['start']) <= int(a['start']) and int(a['end']) <= int(b['end'])
for r in T['statements']:
    if r['reported_by'] and not inside(r, S[r['reported_by']]): err('statements', r['statement_id'], 'not inside reported_by')
for r in T['editorial_insertions']:
    if not inside(r, S[r['statement_id']]): err('insertion', r['insertion_id'], 'not inside its statement')
for r in T['events']:
    if r['reporting_statement_id']:
        if not inside(r, S[r['reporting_statement_id']]): err('events', r['event_id'], 'not inside reporting statement')
    else:
        for s in T['statements']:
            if inside(r, s): err('events', r['event_id'], 'inside', s['statement_id'], 'but names no reporting statement')

# dates
PUB = '2022-01-20'
for r in T['statements']:
    if r['said_on'] and r['said_on'] > PUB: err('statements', r['statement_id'], 'said_on after publication')
    if (r['said_on'] == '') != (r['said_on_precision'] == 'unknown'): err('statements', r['statement_id'], 'date/precision mismatch')
for r in T['events']:
    if r['date_start'] and r['date_start'] > PUB and r['status'] != 'scheduled': err('events', r['event_id'], 'future date not scheduled')
    if r['date_end'] and r['date_end'] > PUB: err('events', r['event_id'], 'date_end after publication')
    if r['date_start'] and r['date_end'] and r['date_end'] < r['date_start']: err('events', r['event_id'], 'date order')
    if (r['date_start'] == '') != (r['date_precision'] == 'unknown'): err('events', r['event_id'], 'date/precision mismatch')
    if r['cameo_code'] and r['status'] == 'occurred' and r['factuality'] not in ('CT+', 'PR+'): err('events', r['event_id'], 'coded occurred event not committed')
    if r['cameo_code'] and r['factuality'] in ('Uu', 'PS+', 'PS-', 'CT-') and r['status'] not in ('scheduled', 'unknown'): err('events', r['event_id'], 'uncommitted coded')
for r in T['proposals']:
    if r['published'] and r['published'] > PUB: err('proposals', r['proposal_id'], 'published after publication')

# codes
codes = {r['code'] for r in csv.DictReader(open(f'{VOCAB}/cameo-event-codes.csv', encoding='utf-8'))}
cw = {r['cameo_code']: r for r in csv.DictReader(open(f'{VOCAB}/cameo-plover-crosswalk.csv', encoding='utf-8'))}
types = {(r['event_type'], r['mode']) for r in csv.DictReader(open(f'{VOCAB}/plover-event-types.csv', encoding='utf-8'))}
for n, key in [('statements', 'statement_id'), ('events', 'event_id')]:
    for r in T[n]:
        c = r['cameo_code']
        if not c:
            if r['plover_type']: err(n, r[key], 'plover type without cameo')
            continue
        if c not in codes: err(n, r[key], 'unknown cameo', c)
        if c[:2] in ('01', '02'):
            if r['plover_type'] or r['plover_mode']: err(n, r[key], 'PLOVER type for dropped root')
            continue
        x = cw.get(c)
        if not x: err(n, r[key], 'not in crosswalk', c); continue
        if r['plover_type'] != x['plover_type']: err(n, r[key], 'plover type departs', r['plover_type'], x['plover_type'])
        if r['plover_mode'] != x['plover_mode'] and not r['plover_mode_reason']: err(n, r[key], 'mode departs without reason')
        if r['plover_mode'] == x['plover_mode'] and r['plover_mode_reason']: err(n, r[key], 'reason without departure')
        if (r['plover_type'], r['plover_mode']) not in types: err(n, r[key], 'type/mode not in plover_event_types')

# inferred targets carry a note saying so
for r in T['statements']:
    if r['target_inferred'] == 'true' and 'Target inferred' not in r['note']: err('statements', r['statement_id'], 'inferred target without note')
    if not r['target_id'] and not r['note']: err('statements', r['statement_id'], 'empty target without note')
    if not r['cue'] and not r['note']: err('statements', r['statement_id'], 'empty cue without note')
# participants: no actor both actor and recipient of one event; coded events have an actor
roles = {}
for r in T['event_participants']: roles.setdefault(r['event_id'], {}).setdefault(r['actor_id'], set()).add(r['role'])
for eid, d in roles.items():
    for a, rs in d.items():
        if {'actor', 'recipient'} <= rs: err('participants', eid, a, 'both actor and recipient')
parents = {e['parent_id'] for e in E.values() if e['parent_id']}
for eid, e in E.items():
    if e['cameo_code'] and eid not in parents and not any('actor' in rs for rs in roles.get(eid, {}).values()): err('events', eid, 'coded event without actor')

if errors:
    print('\n'.join(errors)); print(f'{len(errors)} problem(s)'); sys.exit(1)
print('OK')
