# Two commands for a newcomer: `make run` and `make test`. Everything else is a step of those.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV     := .venv
PY       := $(VENV)/bin/python
RASA     := $(VENV)/bin/rasa
SPACY_NL := .cache/spacy-nl
MODEL    := models/assistent.tar.gz
RASA_DATA := data/nlu data/rules data/stories data/responses
DATA_FILES := $(shell find $(RASA_DATA) -name '*.yml' 2>/dev/null)

# A working Python 3.10 (Rasa 3.6 does not run on 3.11); pyenv shims are skipped when they fail.
PYTHON310 ?= $(shell for p in python3.10 $$HOME/.pyenv/versions/3.10*/bin/python3.10 /usr/local/bin/python3.10 /usr/bin/python3.10; do \
	"$$p" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1 && { echo "$$p"; break; }; done)

export TF_CPP_MIN_LOG_LEVEL ?= 2
# numpy's OpenBLAS with one thread: on two cores its threads spin against each other (training the
# answer model: 21 s with two threads, 15 s with one; docs/snelheid.md, session 11).
export OPENBLAS_NUM_THREADS ?= 1
# Privacy: no Rasa telemetry from any process this Makefile starts.
export RASA_TELEMETRY_ENABLED := false
export PYTHONWARNINGS ?= ignore::DeprecationWarning

.PHONY: help install spacy train run run-production benchmark shell validate test test-voorbereiden test-stories test-unit test-e2e widget \
	evaluate compare-pipelines clean test-vereisten inzicht inzicht-meting modelkaart fuzz vloed widget-tijd \
	antwoordmodel-tijd

help:
	@echo "make run      - alles installeren, trainen als dat nodig is, en de assistent starten"
	@echo "make test     - de hele testsuite"
	@echo "make shell    - chatten in de terminal"
	@echo "make run-production - PostgreSQL + Redis + twee Rasa-replica's"
	@echo "make benchmark - config.yml tegenover Rasa's standaardconfig en het productieprofiel (reports/benchmark/)"
	@echo "make vloed    - één client die 50 berichten/s stuurt naast tien gewone gesprekken (reports/vloed/)"
	@echo "make widget-tijd - van Enter tot het hele antwoord in de chatwidget, met en zonder de typvertraging (reports/widget-tijd/)"
	@echo "make evaluate - cijfers op de held-out set (reports/heldout/)"
	@echo "make antwoordmodel-tijd - tijd per bericht van het antwoordmodel, sklearns gewichtenvolgorde naast de eigen (reports/antwoordmodel-tijd/)"
	@echo "make compare-pipelines - config.yml tegenover lemma's, whitespace en de vroegere DIET-pipeline"
	@echo "make inzicht  - rapport voor beleid over de vorige maand (VAN=... TOT=... voor een andere periode)"
	@echo "make fuzz     - 10.000 willekeurige invoeren per fuzztest, en 10.000 tegen de echt gestarte servers (REST, intranet, widget)"
	@echo "make inzicht-meting - het rapport op 10.000 gesprekken in PostgreSQL, getimed (reports/inzicht-meting/)"
	@echo "make modelkaart - modelkaart voor het Algoritmeregister (reports/modelkaart/)"

$(VENV)/.installed: pyproject.toml constraints.txt
	@test -n "$(PYTHON310)" || { echo "Python 3.10 niet gevonden (Rasa 3.6 draait niet op 3.11+). Installeer python3.10 of zet PYTHON310=/pad/naar/python3.10."; exit 1; }
	test -x $(PY) || $(PYTHON310) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade 'pip<25'
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

# deduce's lookup lists (bot/privacy.py), built once per virtualenv in its package directory;
# its own target so that `make test` builds them while it trains.
DEDUCE := $(VENV)/.deduce-opgewarmd
$(DEDUCE): $(VENV)/.installed
	@echo "deduce: opzoeklijsten voor het verwijderen van persoonsgegevens opbouwen (eenmalig, ~40 s) ..."
	$(PY) -m bot privacy opwarmen
	touch $@

# The chat widget (rasa-webchat) comes from npm, pinned by web/package-lock.json; no CDN.
WIDGET := web/node_modules/rasa-webchat/lib/index.js
$(WIDGET): web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "npm niet gevonden: installeer Node.js (voor de chatwidget)."; exit 1; }
	npm ci --prefix web --no-audit --no-fund --loglevel=error
	touch $@

widget: $(WIDGET)

install: $(VENV)/.installed $(WIDGET) $(DEDUCE)

$(SPACY_NL)/meta.json: $(VENV)/.installed bot/spacy_pipeline.py
	$(PY) -m bot build-spacy --out $(SPACY_NL)

spacy: $(SPACY_NL)/meta.json

# Retrain only when data, domain, config or the spaCy pipeline changed.
# The model gets the time training *started*: data edited during training makes it stale.
$(MODEL): $(SPACY_NL)/meta.json config.yml domain.yml $(DATA_FILES) $(wildcard bot/nlu/*.py) bot/themas.py
	mkdir -p models && touch models/.training-gestart
	$(RASA) train --config config.yml --domain domain.yml --data $(RASA_DATA) \
		--out models --fixed-model-name assistent --force
	touch -r models/.training-gestart $@
	$(PY) -m bot model-hash

train: $(MODEL)

# Report for policy makers (bot/inzicht.py): the previous calendar month unless VAN/TOT are given.
VAN ?= $(shell date -d "$$(date +%Y-%m-01) -1 month" +%Y-%m-%d)
TOT ?= $(shell date -d "$$(date +%Y-%m-01) -1 day" +%Y-%m-%d)
inzicht: $(VENV)/.installed
	$(PY) -m bot inzicht --van $(VAN) --tot $(TOT)

# The report on 10,000 generated conversations in PostgreSQL (bot/inzicht_meting.py): a benchmark.
inzicht-meting: $(VENV)/.installed
	$(PY) -m bot inzicht-meting --out reports/inzicht-meting

# Model card in the fields of the Algoritmeregister (bot/modelkaart.py); reads, never trains.
modelkaart: $(VENV)/.installed
	$(PY) -m bot modelkaart

run: $(MODEL) $(WIDGET) $(DEDUCE)
	$(PY) -m bot serve

# PostgreSQL tracker store, Redis lock store, two Rasa replicas (README "Productie").
run-production: $(MODEL) $(WIDGET) $(DEDUCE)
	$(PY) -m bot serve --productie

# Production profile against the SQLite default, same run (README "Productie").
benchmark: $(MODEL) $(WIDGET) $(DEDUCE)
	$(PY) -m bot benchmark --train

shell: $(MODEL)
	@BOT_ACTIONS_PORT=$${BOT_ACTIONS_PORT:-5055}; export BOT_ACTIONS_PORT; \
	export BOT_TRACKER_DB=$${BOT_TRACKER_DB:-var/tracker.db}; mkdir -p var; \
	$(RASA) run actions --actions actions --port $$BOT_ACTIONS_PORT >var/actions-shell.log 2>&1 & \
	pid=$$!; trap "kill $$pid" EXIT; \
	$(RASA) shell --model $(MODEL) --endpoints endpoints.yml

validate: $(VENV)/.installed
	$(RASA) data validate --fail-on-warnings --domain domain.yml --data $(RASA_DATA) --config config.yml

test-stories: $(MODEL)
	$(RASA) test core --e2e --model $(MODEL) --stories tests/stories --fail-on-prediction-errors \
		--out results/stories

test-unit: $(VENV)/.installed
	$(PY) -m pytest -m "not e2e and not gate" -q

test-e2e: $(MODEL) $(WIDGET)
	$(PY) -m pytest -m "e2e or gate" -q

# The front door fuzzed with hypothesis: in process (tests/unit/test_fuzz_invoer.py, 10,000 inputs
# per test; `make test` runs 100 each) and against the really started servers over all three
# channels (tests/e2e/test_fuzz_server_e2e.py, 10,000 payloads; `make test` sends 1,000): no 500,
# no traceback in a log, no echo of the input, nothing rejected reaches Rasa or the tracker store.
fuzz: $(MODEL) $(WIDGET)
	BOT_FUZZ_VOORBEELDEN=10000 $(PY) -m pytest -q tests/unit/test_fuzz_invoer.py \
		--hypothesis-show-statistics -W ignore::hypothesis.errors.HypothesisWarning
	CI=true BOT_FUZZ_SERVER_VOORBEELDEN=10000 $(PY) -m pytest -q tests/e2e/test_fuzz_server_e2e.py \
		-W ignore::hypothesis.errors.HypothesisWarning

# What `make test` cannot install itself is checked first, before any install or training,
# so a machine that lacks something stops at once with the one command that adds it.
KENNIS := $(or $(BOT_KENNIS_DIR),../shared/knowledge)
test-vereisten:
	@test -n "$(PYTHON310)" || { echo "Python 3.10 ontbreekt (Rasa 3.6 draait niet op 3.11): installeer python3.10 of zet PYTHON310=/pad/naar/python3.10."; exit 1; }
	@command -v npm >/dev/null || { echo "npm ontbreekt (voor de chatwidget): sudo apt-get install -y npm"; exit 1; }
	@command -v chromium >/dev/null || { echo "Chromium ontbreekt (voor de browsertest van de widget): sudo apt-get install -y chromium"; exit 1; }
	@test -f "$(KENNIS)/facts.yml" || { echo "De kennisbron ontbreekt: $(KENNIS)/facts.yml (zet BOT_KENNIS_DIR)"; exit 1; }
	@pg_isready -q -h $${BOT_PG_HOST:-127.0.0.1} -p $${BOT_PG_PORT:-5432} 2>/dev/null || { echo "PostgreSQL antwoordt niet op $${BOT_PG_HOST:-127.0.0.1}:$${BOT_PG_PORT:-5432} (voor de productietests): sudo pg_ctlcluster $$(ls /etc/postgresql 2>/dev/null | head -1) main start"; exit 1; }
	@[ "$$(redis-cli -h $${BOT_REDIS_HOST:-127.0.0.1} -p $${BOT_REDIS_PORT:-6379} ping 2>/dev/null)" = PONG ] || { echo "Redis antwoordt niet op $${BOT_REDIS_HOST:-127.0.0.1}:$${BOT_REDIS_PORT:-6379} (voor de productietests): sudo redis-server --daemonize yes --port $${BOT_REDIS_PORT:-6379}"; exit 1; }

# Two steps at a time on the way to pytest (the machine has two cores): the widget from npm
# beside pip, deduce's lists and `validate` beside training.
test: test-vereisten
	$(MAKE) --no-print-directory -j2 --output-sync=target test-voorbereiden
	$(PY) -m pytest -q --durations=15

test-voorbereiden: validate $(MODEL) $(WIDGET) $(DEDUCE) test-stories

# Flood measurement (bot/vloed.py): the rate limits as configured, a benchmark, not a test.
vloed: $(MODEL)
	$(PY) -m bot vloed --out reports/vloed

# The wait in the chat widget (bot/widget_tijd.py): a benchmark, not a test.
widget-tijd: $(MODEL) $(WIDGET)
	$(PY) -m bot widget-tijd --out reports/widget-tijd

# Time per message of the answer model, sklearn's weight layout beside ours: a benchmark.
antwoordmodel-tijd: $(MODEL)
	$(PY) -m bot antwoordmodel-tijd --out reports/antwoordmodel-tijd

evaluate: $(MODEL)
	$(PY) -m bot evaluate --model $(MODEL) --heldout tests/nlu_heldout --out reports/heldout
	$(PY) -m bot echte-vragen --model $(MODEL) --out reports/echte_vragen
	$(PY) -m bot leesbaarheid --out reports/leesbaarheid

compare-pipelines: $(SPACY_NL)/meta.json
	$(PY) -m bot build-spacy --out .cache/spacy-nl-met-lemma --met-lemma
	$(PY) -m bot compare-pipelines spacy spacy_met_lemma whitespace met_diet

clean:
	rm -rf models results reports .cache var
