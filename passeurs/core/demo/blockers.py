"""The demo's regulatory blockers, as plain data: one in every state, with their history.

A blocker is found again by its title. `initiative` is the title of a demo initiative; the
blocker is declared, and initiatives join, by the administrator of that initiative's
structure, or by the coordinator relaying a testimony when the structure has no account.
`steps` are replayed in order through the services: (date, actor, action, comment, extra),
where actor is "coordinator", "assignee" or "author" and action is a state to move to,
"assign" (the coordinator assigns `assignee`, or the assignee takes the blocker on) or
"route" (extra: the keys of the administrations). Dates stamp the timeline afterwards.

The laws, decrees and articles cited exist; the projects, people and exchanges are invented.
"""

import datetime

COORDINATOR = "coordinator@demo.passeurs.test"

BLOCKERS = [
    # Lifted by law: refurbished wheelchairs could not be reimbursed.
    {
        "title": "Le matériel médical reconditionné n’est pas remboursé par l’Assurance maladie",
        "initiative": "Fauteuils roulants et aides techniques reconditionnés",
        "prevents": "Seuls les dispositifs médicaux neufs peuvent être inscrits sur la liste des "
        "produits et prestations remboursables. Un fauteuil roulant ou un lit médicalisé remis "
        "en état par notre atelier, contrôlé et garanti, ne peut donc pas être pris en charge : "
        "la personne doit payer le reconditionné de sa poche ou attendre un fauteuil neuf.",
        "consequence": "Des personnes âgées et handicapées attendent plusieurs mois un fauteuil "
        "neuf, ou y renoncent ; des milliers d’aides techniques en bon état sont détruites.",
        "legal_text": "article L. 165-1 du code de la sécurité sociale (liste des produits et "
        "prestations remboursables) ; article L. 5211-1 du code de la santé publique",
        "testimony": "Nous avons 400 fauteuils remis en état en stock, que les ergothérapeutes "
        "ne peuvent pas prescrire.",
        "challenges": ["sante", "inclusion", "transition-ecologique"],
        "departments": ["69", "38", "42"],
        "declared": "2019-03-11",
        "assignee": "francois.lemaire@demo.passeurs.test",
        "joins": [
            (
                "2019-04-02",
                "Visites de convivialité pour les aînés isolés",
                "Trois des personnes que nous visitons ont renoncé à un fauteuil adapté, faute "
                "de pouvoir avancer les frais.",
            ),
            (
                "2019-05-15",
                "Transport solidaire pour les aînés des villages de Corse-du-Sud",
                "Nos chauffeurs conduisent des aînés dont le fauteuil est hors d’usage : le neuf "
                "met quatre mois à arriver.",
            ),
            (
                "2019-06-20",
                "Bus de prévention santé en zone rurale",
                "Témoignage recueilli par la coordination : lors des tournées, les infirmières "
                "repèrent des aides techniques inadaptées, faute de matériel disponible vite.",
            ),
        ],
        "steps": [
            (
                "2019-03-25",
                "coordinator",
                "qualified",
                "Frein confirmé : plusieurs structures en témoignent et la règle est nationale.",
                {},
            ),
            ("2019-03-25", "coordinator", "assign", "", {}),
            (
                "2019-04-10",
                "assignee",
                "in_progress",
                "Instruction avec la direction de la sécurité sociale : le sujet est étudié pour "
                "le projet de loi de financement de la sécurité sociale pour 2020.",
                {},
            ),
            (
                "2019-10-09",
                "assignee",
                "resolution_proposed",
                "Le projet de loi de financement pour 2020 prévoit la remise en bon état d’usage "
                "de certains dispositifs médicaux.",
                {"resolution_kind": "law", "resolution_text": "projet de LFSS pour 2020"},
            ),
            (
                "2019-12-27",
                "assignee",
                "lifted",
                "La loi est publiée ; un décret fixera la liste des dispositifs et les conditions "
                "du reconditionnement.",
                {
                    "resolution_kind": "law",
                    "resolution_date": "2019-12-24",
                    "resolution_text": "loi n° 2019-1446 du 24 décembre 2019 de financement de "
                    "la sécurité sociale pour 2020",
                    "resolution_summary": "La loi crée l’article L. 5212-1-1 du code de la santé "
                    "publique : certains dispositifs médicaux remis en bon état d’usage par des "
                    "professionnels agréés peuvent être pris en charge par l’Assurance maladie.",
                },
            ),
        ],
    },
    # Lifted by decree: the procurement threshold kept local produce out of canteens.
    {
        "title": "Le seuil de 25 000 € impose une mise en concurrence pour de petits achats "
        "de produits locaux",
        "initiative": "Cantine bio et locale pour les écoles de Loire-Atlantique",
        "prevents": "En dessous de 25 000 € HT, une commune peut acheter sans publicité ni mise "
        "en concurrence. Au-delà, même pour quelques milliers d’euros de fromages ou de légumes "
        "d’un producteur voisin sur l’année, il faut une procédure que les petits producteurs "
        "ne savent pas remplir : ils ne répondent pas et les marchés partent aux grossistes.",
        "consequence": "Les cantines peinent à atteindre les 50 % de produits durables, dont 20 % "
        "de bio, fixés par la loi EGAlim.",
        "legal_text": "article R. 2122-8 du code de la commande publique ; article L. 230-5-1 du "
        "code rural et de la pêche maritime (loi EGAlim)",
        "testimony": "Sur nos 22 communes clientes, 15 renoncent à acheter directement aux fermes "
        "voisines.",
        "challenges": ["alimentation-durable", "education"],
        "departments": ["44", "85"],
        "declared": "2019-09-16",
        "assignee": "nicolas.perrin@demo.passeurs.test",
        "joins": [
            (
                "2019-10-01",
                "Légumerie solidaire pour la restauration collective",
                "La procédure coûte plus aux communes que la différence de prix avec un grossiste.",
            ),
            (
                "2019-10-14",
                "Paniers de producteurs pour les EHPAD ruraux",
                "Les EHPAD publics de Lozère nous disent ne pas pouvoir commander sans appel "
                "d’offres.",
            ),
            (
                "2019-11-04",
                "Former les cuisiniers scolaires à la cuisine végétarienne",
                "Les cuisiniers formés veulent cuisiner les légumineuses des fermes voisines : "
                "les acheteurs ne peuvent pas suivre.",
            ),
        ],
        "steps": [
            (
                "2019-09-30",
                "coordinator",
                "qualified",
                "Qualifié : le seuil est fixé par décret et une évolution est en préparation.",
                {},
            ),
            ("2019-09-30", "coordinator", "assign", "", {}),
            (
                "2019-10-08",
                "assignee",
                "in_progress",
                "Le sujet rejoint le projet de décret relatif aux seuils de la commande publique.",
                {},
            ),
            (
                "2019-11-18",
                "assignee",
                "resolution_proposed",
                "Le projet de décret relève le seuil à 40 000 € HT au 1er janvier 2020.",
                {"resolution_kind": "decree", "resolution_text": "projet de décret sur les seuils"},
            ),
            (
                "2019-12-16",
                "assignee",
                "lifted",
                "Décret publié au Journal officiel du 13 décembre.",
                {
                    "resolution_kind": "decree",
                    "resolution_date": "2019-12-12",
                    "resolution_text": "décret n° 2019-1344 du 12 décembre 2019",
                    "resolution_summary": "Depuis le 1er janvier 2020, les marchés de moins de "
                    "40 000 € HT peuvent être passés sans publicité ni mise en concurrence "
                    "préalables (article R. 2122-8 du code de la commande publique), sans "
                    "contracter systématiquement avec le même fournisseur.",
                },
            ),
        ],
    },
    # In progress, joined by many: the 24-month cap on integration pathways.
    {
        "title": "Les parcours d’insertion sont limités à 24 mois, trop peu pour les métiers "
        "qualifiés du bâtiment",
        "initiative": "Intérim d’insertion dans les métiers de la rénovation énergétique",
        "prevents": "L’agrément d’un salarié en insertion (pass IAE) vaut 24 mois. Pour devenir "
        "plaquiste ou poseur de pompes à chaleur, il faut souvent plus : titre professionnel, "
        "habilitations, permis. Les prolongations sont réservées à des situations précises "
        "(âge, handicap, formation en cours) et accordées au cas par cas.",
        "consequence": "Des salariés sortent du parcours à quelques mois de leur qualification "
        "et retournent au chômage.",
        "legal_text": "articles L. 5132-1 et L. 5132-3 du code du travail ; article R. 5132-1-8 "
        "du code du travail",
        "testimony": "En 2025, 11 de nos 90 intérimaires ont atteint les 24 mois avant la fin de "
        "leur formation.",
        "challenges": ["emploi", "transition-ecologique"],
        "departments": ["34", "30"],
        "declared": "2026-01-12",
        "assignee": "julien.berthier@demo.passeurs.test",
        "joins": [
            (
                "2026-01-20",
                "Chantier d’insertion en maraîchage biologique",
                "Le certificat de spécialisation en maraîchage biologique demande 18 mois : ceux "
                "qui entrent tard dans le parcours ne le terminent pas.",
            ),
            (
                "2026-02-02",
                "Fauteuils roulants et aides techniques reconditionnés",
                "Deux de nos techniciens de reconditionnement sont sortis avant d’avoir obtenu "
                "leur habilitation.",
            ),
            (
                "2026-02-17",
                "Atelier vélo d’insertion et de réemploi",
                "Témoignage recueilli par la coordination : le certificat de technicien cycle ne "
                "tient pas dans le parcours quand il faut d’abord apprendre le français.",
            ),
        ],
        "steps": [
            (
                "2026-02-05",
                "coordinator",
                "qualified",
                "Qualifié : frein national, signalé par plusieurs réseaux de l’insertion.",
                {},
            ),
            ("2026-02-05", "coordinator", "route", "", {"administrations": ["dgefp"]}),
            ("2026-02-09", "assignee", "assign", "", {}),
            (
                "2026-02-24",
                "assignee",
                "in_progress",
                "Analyse avec France Travail des prolongations accordées en 2025, métier par "
                "métier.",
                {},
            ),
        ],
    },
    # Merged into the one above: the same rule, declared in other words.
    {
        "title": "Durée maximale du parcours IAE trop courte pour obtenir un diplôme",
        "initiative": "Légumerie solidaire pour la restauration collective",
        "prevents": "Nos salariés en insertion préparent un CAP agricole ou un titre "
        "professionnel d’agent de restauration : deux ans ne suffisent pas quand il faut "
        "d’abord régler des problèmes de santé ou de logement. La prolongation de l’agrément "
        "est refusée si la formation n’a pas commencé.",
        "legal_text": "article L. 5132-3 du code du travail",
        "testimony": "Quatre salariés de la légumerie ont quitté le parcours en 2025 sans leur "
        "diplôme.",
        "challenges": ["emploi", "alimentation-durable"],
        "departments": ["29"],
        "declared": "2026-02-23",
        "steps": [
            (
                "2026-03-02",
                "coordinator",
                "merged",
                "Doublon du frein sur la durée des parcours d’insertion : les projets concernés "
                "et les références y sont regroupés.",
                {
                    "merge_into": "Les parcours d’insertion sont limités à 24 mois, trop peu "
                    "pour les métiers qualifiés du bâtiment"
                },
            ),
        ],
    },
    # In progress, taken on by the demo civil servant: tax reduction on food donations.
    {
        "title": "Les agriculteurs ne bénéficient pas de la réduction d’impôt pour leurs dons "
        "de produits frais",
        "initiative": "Épicerie solidaire itinérante en Lozère",
        "prevents": "La réduction d’impôt pour les dons aux associations d’aide alimentaire se "
        "calcule sur le coût de revient des produits donnés. Les petits producteurs ne savent "
        "pas l’établir pour des légumes invendus et craignent un redressement : ils préfèrent "
        "laisser les invendus au champ plutôt que de les donner.",
        "consequence": "Des tonnes de fruits et légumes frais n’arrivent pas jusqu’aux épiceries "
        "solidaires rurales.",
        "legal_text": "article 238 bis du CGI ; article L. 541-15-5 du code de l’environnement",
        "testimony": "Sur notre tournée, 15 fermes nous donneraient leurs invendus si le don "
        "était aussi simple que pour un supermarché.",
        "challenges": ["alimentation-durable", "inclusion", "cohesion-territoires-ruralite"],
        "departments": ["48"],
        "declared": "2026-03-03",
        "assignee": "civil-servant@demo.passeurs.test",
        "joins": [
            (
                "2026-03-10",
                "Épicerie solidaire de quartier et ateliers cuisine",
                "Nos ateliers cuisine vivent des invendus : les maraîchers de la métropole "
                "lilloise nous posent la même question.",
            ),
            (
                "2026-03-18",
                "Paniers de producteurs pour les EHPAD ruraux",
                "Les producteurs de la tournée des EHPAD ont les mêmes surplus en été.",
            ),
            (
                "2026-04-07",
                "Chantier d’insertion en maraîchage biologique",
                "Chantier d’insertion, nous ne savons pas non plus valoriser nos dons de légumes "
                "déclassés.",
            ),
            (
                "2026-04-21",
                "Cantine bio et locale pour les écoles de Loire-Atlantique",
                "Pendant les vacances scolaires, nos producteurs partenaires cherchent à donner "
                "leurs surplus.",
            ),
        ],
        "steps": [
            (
                "2026-03-24",
                "coordinator",
                "qualified",
                "Qualifié : la règle relève du code général des impôts, à instruire avec la "
                "direction de la législation fiscale.",
                {},
            ),
            ("2026-03-26", "assignee", "assign", "", {}),
            (
                "2026-04-14",
                "assignee",
                "in_progress",
                "Réunion du 10 avril avec la DLF et la DGCS : une méthode simplifiée de calcul du "
                "coût de revient est à l’étude.",
                {},
            ),
        ],
    },
    # Worked around, by the demo civil servant: intergenerational home sharing and APL.
    {
        "title": "La cohabitation intergénérationnelle fait perdre au jeune son aide au logement",
        "initiative": "Cohabitation intergénérationnelle solidaire en Bretagne",
        "prevents": "Le jeune hébergé chez un senior verse une contrepartie financière modeste. "
        "Faute de bail classique, certaines CAF refusent l’aide personnalisée au logement (APL) ; "
        "d’autres considèrent le senior comme un bailleur, ce qui inquiète les aînés pour leurs "
        "propres aides.",
        "consequence": "Des étudiants renoncent à la cohabitation et des aînés restent seuls.",
        "legal_text": "article L. 631-17 du code de la construction et de l’habitation ; loi "
        "n° 2018-1021 du 23 novembre 2018 (ELAN) ; article L. 822-2 du code de la construction "
        "et de l’habitation",
        "testimony": "Douze binômes sur 180 ont essuyé un refus de la CAF en 2025, avec des "
        "réponses différentes d’un département à l’autre.",
        "challenges": ["lien-intergenerationnel-autonomie"],
        "departments": ["35", "22", "56"],
        "declared": "2025-09-08",
        "assignee": "civil-servant@demo.passeurs.test",
        "joins": [
            (
                "2025-09-22",
                "Colocations seniors – jeunes actifs en zone rurale",
                "Nos apprentis ne peuvent pas se passer de l’APL : le projet rural en dépend.",
            ),
            (
                "2025-10-06",
                "Visites de convivialité pour les aînés isolés",
                "Deux aînés que nous visitons accueilleraient un étudiant, mais craignent pour "
                "leurs aides.",
            ),
            (
                "2025-10-20",
                "Maison intergénérationnelle des savoirs créoles",
                "Témoignage recueilli par la coordination : à La Réunion, la caisse demande un "
                "bail classique.",
            ),
        ],
        "steps": [
            (
                "2025-09-29",
                "coordinator",
                "qualified",
                "Qualifié : le contrat de cohabitation intergénérationnelle solidaire existe "
                "depuis la loi ELAN ; c’est son articulation avec les aides qui bloque.",
                {},
            ),
            ("2025-09-29", "coordinator", "assign", "", {}),
            (
                "2025-10-13",
                "assignee",
                "in_progress",
                "Échanges avec la CNAF et la DHUP : la règle permet l’APL, mais son application "
                "varie selon les caisses.",
                {},
            ),
            (
                "2026-01-19",
                "assignee",
                "resolution_proposed",
                "Proposition : une consigne nationale aux caisses et un modèle de contrat valant "
                "titre d’occupation.",
                {"resolution_kind": "circular", "resolution_text": "consigne CNAF (projet)"},
            ),
            (
                "2026-03-02",
                "assignee",
                "worked_around",
                "La règle ne change pas : une interprétation commune à toutes les caisses suffit.",
                {
                    "resolution_kind": "interpretation",
                    "resolution_date": "2026-02-26",
                    "resolution_text": "consigne de la CNAF aux caisses d’allocations familiales",
                    "resolution_summary": "Le contrat de cohabitation intergénérationnelle "
                    "solidaire conforme au modèle national ouvre droit à l’APL pour le jeune, "
                    "sans effet sur les aides du senior. Toutes les caisses appliquent la même "
                    "lecture depuis mars 2026.",
                },
            ),
        ],
    },
    # Kept, with a justification: staff ratios in early-morning childcare.
    {
        "title": "Le taux d’encadrement empêche une micro-crèche d’ouvrir à 5 h 30 avec une "
        "seule professionnelle",
        "initiative": "Garde d’enfants en horaires décalés pour les salariés en insertion",
        "prevents": "Nous voulons accueillir trois ou quatre enfants de parents en insertion dès "
        "5 h 30, avant l’arrivée du reste de l’équipe. Les règles d’encadrement imposent deux "
        "professionnels dès que plus de trois enfants sont présents, ce qui rend l’ouverture "
        "matinale impossible à financer.",
        "consequence": "Des parents isolés refusent des missions qui commencent à 6 h, faute de "
        "garde.",
        "legal_text": "article R. 2324-27 du code de la santé publique ; article R. 2324-46-2 du "
        "code de la santé publique",
        "testimony": "Sur 40 parents en parcours, 9 ont dû refuser des missions du matin en 2025.",
        "challenges": ["emploi", "inclusion"],
        "departments": ["34"],
        "declared": "2025-11-17",
        "assignee": "amina.diallo@demo.passeurs.test",
        "joins": [
            (
                "2025-12-01",
                "Ateliers de français pour les parents",
                "Nos ateliers du soir ne peuvent pas accueillir les enfants : même difficulté "
                "d’encadrement.",
            ),
            (
                "2025-12-03",
                "Tiers-lieu rural : atelier partagé, café et services publics",
                "Nous étudions une micro-crèche rurale aux horaires des artisans.",
            ),
        ],
        "steps": [
            (
                "2025-12-08",
                "coordinator",
                "qualified",
                "Qualifié : règle nationale de sécurité de l’accueil du jeune enfant.",
                {},
            ),
            ("2025-12-08", "coordinator", "assign", "", {}),
            (
                "2025-12-15",
                "assignee",
                "in_progress",
                "Consultation du bureau de la petite enfance et de la PMI de l’Hérault.",
                {},
            ),
            (
                "2026-02-09",
                "assignee",
                "kept",
                "Maintenu, avec une piste pour le projet.",
                {
                    "kept_justification": "Un professionnel seul ne doit pas avoir plus de "
                    "trois enfants : il doit pouvoir faire face à un incident sans laisser "
                    "d’enfant sans surveillance. La règle est maintenue. La PMI propose "
                    "d’étudier l’accueil du matin par une maison d’assistants maternels, dont "
                    "les règles conviennent à ces effectifs."
                },
            ),
        ],
    },
    # Qualified and routed to two ministries, waiting for someone to take it on.
    {
        "title": "Les règles de sécurité des établissements recevant du public sont "
        "disproportionnées pour un petit tiers-lieu rural",
        "initiative": "Tiers-lieu rural : atelier partagé, café et services publics",
        "prevents": "Avec un atelier, un café et des permanences, notre tiers-lieu relève de "
        "plusieurs types d’établissements recevant du public à la fois. Le cumul impose les "
        "règles du type le plus exigeant : désenfumage, deux dégagements, passage de la "
        "commission de sécurité. Les travaux coûtent plus que l’achat de la grange.",
        "consequence": "Des tiers-lieux ruraux renoncent aux permanences de services publics ou "
        "ouvrent sans autorisation.",
        "legal_text": "article R. 123-2 du code de la construction et de l’habitation ; arrêté "
        "du 25 juin 1980 portant approbation des dispositions générales du règlement de "
        "sécurité contre les risques d’incendie et de panique dans les ERP",
        "testimony": "Le devis de mise en conformité atteint 180 000 € pour 120 m².",
        "challenges": ["cohesion-territoires-ruralite", "culture"],
        "departments": ["21"],
        "declared": "2026-06-15",
        "joins": [
            (
                "2026-06-29",
                "Tiers-lieu culturel itinérant dans les bourgs du Cantal",
                "Témoignage recueilli par la coordination : chaque bourg demande un nouveau "
                "passage du chapiteau en commission de sécurité.",
            ),
            (
                "2026-07-13",
                "Conseillers numériques itinérants en Creuse",
                "Des mairies doivent refuser nos permanences dans des salles non classées.",
            ),
        ],
        "steps": [
            (
                "2026-07-06",
                "coordinator",
                "qualified",
                "Qualifié : relève à la fois de la construction et de la sécurité civile, "
                "aiguillé vers les deux ministères.",
                {},
            ),
            (
                "2026-07-06",
                "coordinator",
                "route",
                "",
                {"administrations": ["min-ecologie", "min-interieur"]},
            ),
        ],
    },
    # A resolution proposed: joint liability in employers' groups.
    {
        "title": "La responsabilité solidaire fait renoncer les associations aux groupements "
        "d’employeurs",
        "initiative": "Conseillers numériques itinérants en Creuse",
        "prevents": "Dans un groupement d’employeurs, chaque membre répond solidairement de "
        "toutes les dettes salariales et sociales du groupement. Une petite association qui "
        "partage un poste à 20 % s’expose à payer la totalité si un autre membre fait défaut : "
        "les conseils d’administration refusent d’adhérer.",
        "consequence": "Des emplois partagés ne sont pas créés ; les conseillers numériques "
        "restent en contrats courts.",
        "legal_text": "article L. 1253-1 du code du travail ; article L. 1253-8 du code du travail",
        "testimony": "Trois associations sur quatre ont renoncé à rejoindre notre projet de "
        "groupement avec la communauté de communes.",
        "challenges": ["emploi", "numerique", "cohesion-territoires-ruralite"],
        "departments": ["23"],
        "declared": "2026-04-27",
        "assignee": "mehdi.bouzid@demo.passeurs.test",
        "joins": [
            (
                "2026-05-11",
                "Tiers-lieu rural : atelier partagé, café et services publics",
                "Nous voulions partager un animateur avec la commune : notre conseil "
                "d’administration a refusé pour cette raison.",
            ),
            (
                "2026-05-26",
                "Résidences d’artistes en EHPAD rural",
                "Témoignage recueilli par la coordination : les cinq EHPAD partenaires "
                "voulaient employer ensemble une médiatrice culturelle.",
            ),
        ],
        "steps": [
            (
                "2026-05-04",
                "coordinator",
                "qualified",
                "Qualifié : la règle est dans le code du travail et vaut pour tous les "
                "groupements.",
                {},
            ),
            ("2026-05-05", "assignee", "assign", "", {}),
            (
                "2026-05-19",
                "assignee",
                "in_progress",
                "Étude des défaillances de groupements depuis 2015 avec l’Urssaf : elles sont "
                "rares.",
                {},
            ),
            (
                "2026-09-14",
                "assignee",
                "resolution_proposed",
                "Proposition : expérimenter, dans trois départements, une responsabilité "
                "limitée au prorata du temps partagé pour les associations.",
                {
                    "resolution_kind": "experimentation",
                    "resolution_text": "article L. 1253-8 du code du travail (expérimentation)",
                },
            ),
        ],
    },
    # Submitted: peer workers in mental health, relayed by the coordinator.
    {
        "title": "Les médiateurs de santé pairs n’ont pas de statut dans les hôpitaux publics",
        "initiative": "Bus de prévention santé en zone rurale",
        "prevents": "Une personne rétablie, formée à la pair-aidance, ne peut être recrutée par "
        "un hôpital public que comme contractuelle, sur un emploi « faisant fonction », faute "
        "de métier reconnu dans la fonction publique hospitalière. Les contrats sont courts, "
        "les salaires au plus bas et aucune évolution n’est possible.",
        "consequence": "Les équipes mobiles ne gardent pas leurs médiateurs : les personnes "
        "suivies perdent un interlocuteur de confiance.",
        "legal_text": "article L. 6146-1 du code de la santé publique ; article L. 332-2 du code "
        "général de la fonction publique",
        "testimony": "Signalé par la coordination après l’atelier régional de Caen : le centre "
        "hospitalier partenaire du bus a perdu deux médiatrices en un an.",
        "challenges": ["sante", "emploi"],
        "departments": ["14", "50"],
        "declared": "2026-10-28",
        "joins": [
            (
                "2026-11-05",
                "Visites de convivialité pour les aînés isolés",
                "L’équipe mobile de gérontopsychiatrie voulait s’appuyer sur une pair-aidante "
                "pour les aînés que nous visitons.",
            ),
        ],
        "steps": [],
    },
    # Submitted: a mobile grocery cannot be authorised for food aid.
    {
        "title": "Une épicerie solidaire itinérante ne peut pas être habilitée à l’aide "
        "alimentaire",
        "initiative": "Épicerie solidaire itinérante en Lozère",
        "prevents": "L’habilitation à l’aide alimentaire suppose un local fixe où les personnes "
        "sont accueillies et orientées. Notre camion-épicerie s’arrête chaque semaine dans 28 "
        "villages mais n’a pas d’adresse d’accueil : la demande ne peut pas être instruite et, "
        "sans habilitation, nous n’avons pas accès aux denrées des programmes européens.",
        "consequence": "Les habitants des villages sans commerce restent loin de l’aide "
        "alimentaire.",
        "legal_text": "article L. 266-2 du code de l’action sociale et des familles ; article "
        "R. 266-1 du CASF",
        "testimony": "Nous servons 260 foyers, dont 90 orientés par les assistantes sociales du "
        "département.",
        "challenges": ["alimentation-durable", "cohesion-territoires-ruralite", "inclusion"],
        "departments": ["48", "12"],
        "declared": "2026-09-28",
        "joins": [
            (
                "2026-10-12",
                "Épicerie solidaire de quartier et ateliers cuisine",
                "Nos futures antennes du bassin minier seront en partie itinérantes : même "
                "question.",
            ),
        ],
        "steps": [],
    },
    # Withdrawn by its author: solved locally.
    {
        "title": "Un café associatif ne peut pas obtenir de licence de débit de boissons dans "
        "un village qui n’en a plus",
        "initiative": "Tiers-lieu rural : atelier partagé, café et services publics",
        "prevents": "La création d’une licence de quatrième catégorie est interdite : il faut en "
        "racheter une et la transférer depuis une autre commune. Une association ne peut ouvrir "
        "que quelques buvettes temporaires par an.",
        "legal_text": "article L. 3332-1 du code de la santé publique ; article L. 3334-2 du code "
        "de la santé publique",
        "testimony": "Notre café est le seul lieu de rencontre du village depuis la fermeture du "
        "bar en 2019.",
        "challenges": ["cohesion-territoires-ruralite"],
        "departments": ["21"],
        "declared": "2026-03-30",
        "steps": [
            (
                "2026-04-20",
                "author",
                "withdrawn",
                "La commune a racheté une licence et nous la loue : le problème est réglé "
                "localement, nous retirons le signalement.",
                {},
            ),
        ],
    },
    # A draft the demo project leader is still writing.
    {
        "title": "Les associations de visite n’ont pas accès au registre des personnes vulnérables",
        "initiative": "Visites de convivialité pour les aînés isolés",
        "prevents": "Le registre des personnes âgées et handicapées isolées tenu par la mairie "
        "n’est communiqué qu’aux services chargés du plan d’alerte et d’urgence. Nos bénévoles, "
        "qui visitent chaque semaine des aînés, ne savent pas qui est isolé pendant une "
        "canicule.",
        "legal_text": "article L. 121-6-1 du code de l’action sociale et des familles ; article "
        "R. 121-8 du CASF",
        "testimony": "Brouillon à compléter avec le CCAS de Roubaix.",
        "challenges": ["lien-intergenerationnel-autonomie"],
        "departments": ["59"],
        "declared": "2026-11-16",
        "draft": True,
        "steps": [],
    },
]


def day(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)
