"""A labelled set of blocker texts for the similarity engine.

Texts in the same `group` declare the same blocker in different words: other word order,
singular or plural, accents dropped, abbreviations, with or without the legal reference.
Distractors (group None) belong to no group and share some vocabulary with the groups.
"""

from typing import NamedTuple

CSS_L165_1 = "code:code-de-la-securite-sociale:L165-1"
LFSS_2020 = "loi:2019-1446"
CT_L5132_1 = "code:code-du-travail:L5132-1"
CCH_L631_17 = "code:code-de-la-construction-et-de-l-habitation:L631-17"
ELAN = "loi:2018-1021"
CGPPP_L2122_1 = "code:code-general-de-la-propriete-des-personnes-publiques:L2122-1"
CCP_R2122_8 = "code:code-de-la-commande-publique:R2122-8"
LOI_SPV = "loi:96-370"
CCH_R143_2 = "code:code-de-la-construction-et-de-l-habitation:R143-2"
CT_L1253_8 = "code:code-du-travail:L1253-8"
CSP_R2324_46_2 = "code:code-de-la-sante-publique:R2324-46-2"
CGI_238_BIS = "code:code-general-des-impots:238 bis"
CCH_L201_1 = "code:code-de-la-construction-et-de-l-habitation:L201-1"


class Case(NamedTuple):
    group: str | None
    title: str
    description: str
    references: frozenset[str] = frozenset()

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.description}"


def _refs(*keys: str) -> frozenset[str]:
    return frozenset(keys)


CASES = [
    # Refurbished medical equipment is not reimbursed.
    Case(
        "materiel-reconditionne",
        "Remboursement du matériel médical reconditionné",
        "Les fauteuils roulants et lits médicalisés remis en état par notre atelier ne sont pas "
        "remboursés par l'Assurance maladie : seul le matériel neuf figure sur la liste des "
        "produits et prestations.",
        _refs(CSS_L165_1),
    ),
    Case(
        "materiel-reconditionne",
        "Fauteuils roulants reconditionnés non pris en charge",
        "La sécurité sociale ne rembourse pas les aides techniques d'occasion remises en bon "
        "état d'usage, faute d'inscription sur la LPPR. Les patients se tournent donc vers "
        "du neuf.",
        _refs(CSS_L165_1),
    ),
    Case(
        "materiel-reconditionne",
        "Pas de remboursement pour les aides techniques remises en état",
        "Notre ressourcerie médicale collecte et reconditionne des lits medicalises et "
        "deambulateurs mais la CPAM refuse de rembourser ce materiel, meme quand il est "
        "certifie conforme.",
    ),
    Case(
        "materiel-reconditionne",
        "Prise en charge par l'assurance maladie des dispositifs médicaux d'occasion",
        "La LFSS a prévu la remise en bon état d'usage, mais les textes d'application manquent : "
        "aucun matériel médical reconditionné n'est encore remboursé.",
        _refs(CSS_L165_1, LFSS_2020),
    ),
    Case(
        "materiel-reconditionne",
        "Materiel medical d'occasion non rembourse",
        "Un lit médicalisé reconditionné coûte trois fois moins cher que le neuf mais reste à "
        "la charge du patient, l'assurance maladie ne le prenant pas en charge.",
    ),
    # The 24-month cap on integration-through-work pathways.
    Case(
        "iae-duree",
        "Durée maximale du parcours d'insertion trop courte",
        "Le parcours en insertion par l'activité économique est limité à 24 mois : nos salariés "
        "les plus éloignés de l'emploi sortent avant d'avoir retrouvé un travail durable.",
        _refs(CT_L5132_1),
    ),
    Case(
        "iae-duree",
        "Limite de 24 mois en IAE",
        "Les salariés en insertion de notre chantier doivent quitter la structure au bout de "
        "deux ans, même quand une dérogation est justifiée, car la prolongation du PASS IAE "
        "est refusée.",
    ),
    Case(
        "iae-duree",
        "Prolongation des parcours IAE refusée",
        "Les demandes de prolongation au-delà de 24 mois pour les personnes en parcours "
        "d'insertion sont presque toujours refusées, ce qui interrompt l'accompagnement.",
        _refs(CT_L5132_1),
    ),
    Case(
        "iae-duree",
        "Sortie forcée des salaries en insertion apres deux ans",
        "Dans les structures d'insertion par l'activite economique (SIAE), la duree du parcours "
        "est plafonnee : un salarie qui a besoin de plus de temps doit partir.",
    ),
    # Intergenerational home sharing costs the student his housing benefit.
    Case(
        "cohabitation-apl",
        "Perte de l'APL en cohabitation intergénérationnelle",
        "Les étudiants logés chez une personne âgée dans le cadre d'une cohabitation "
        "intergénérationnelle solidaire perdent leur aide personnalisée au logement, la chambre "
        "n'étant pas un logement autonome.",
        _refs(CCH_L631_17),
    ),
    Case(
        "cohabitation-apl",
        "APL refusée aux jeunes hébergés chez un senior",
        "La CAF refuse l'APL aux jeunes qui louent une chambre chez un senior : l'hébergement "
        "chez l'habitant ne remplit pas les conditions de surface d'un logement.",
    ),
    Case(
        "cohabitation-apl",
        "Cohabitation entre seniors et etudiants : aides au logement supprimees",
        "Quand un jeune emmenage chez une personne agee, il perd ses aides au logement et le "
        "senior voit parfois ses propres prestations baisser.",
        _refs(CCH_L631_17),
    ),
    Case(
        "cohabitation-apl",
        "Les aides personnalisées au logement freinent le logement intergénérationnel",
        "Sans APL, la cohabitation intergénérationnelle n'est plus intéressante pour les "
        "étudiants boursiers ; le contrat prévu par la loi ELAN ne règle pas la question.",
        _refs(CCH_L631_17, ELAN),
    ),
    # A mobile grocery needs a parking permit in every village.
    Case(
        "epicerie-mobile",
        "Autorisation de stationnement pour une épicerie mobile",
        "Notre camion épicerie doit obtenir un permis de stationnement dans chaque commune "
        "traversée ; chaque mairie a ses propres délais et redevances.",
        _refs(CGPPP_L2122_1),
    ),
    Case(
        "epicerie-mobile",
        "Une autorisation d'occupation du domaine public par commune",
        "Pour vendre sur les places de village, l'épicerie itinérante doit demander une "
        "autorisation d'occupation temporaire à chaque maire, ce qui prend des mois.",
        _refs(CGPPP_L2122_1),
    ),
    Case(
        "epicerie-mobile",
        "Vente ambulante en milieu rural : démarches commune par commune",
        "Le commerce ambulant exige une autorisation municipale distincte dans chacune des "
        "communes de la tournée, en plus de la carte de commerçant non sédentaire.",
    ),
    Case(
        "epicerie-mobile",
        "Epicerie itinerante bloquee par les permis de stationnement",
        "Les permis de stationnement delivres par les mairies ne sont pas harmonises : notre "
        "epicerie mobile ne peut pas s'installer dans plusieurs villages.",
    ),
    # Public procurement rules keep local produce out of school canteens.
    Case(
        "cantine-locale",
        "Approvisionnement local des cantines scolaires",
        "Le code de la commande publique interdit de réserver un marché aux producteurs locaux : "
        "la cantine ne peut pas exiger des produits du territoire.",
    ),
    Case(
        "cantine-locale",
        "Seuils des marchés publics pour la restauration scolaire",
        "Au-delà de 40 000 euros HT, la commune doit lancer une procédure de marché public pour "
        "les repas de la cantine et ne peut plus acheter directement aux agriculteurs voisins.",
        _refs(CCP_R2122_8),
    ),
    Case(
        "cantine-locale",
        "Cantines : impossible de privilégier les producteurs du coin",
        "Les règles des marchés publics empêchent les collectivités de favoriser les "
        "agriculteurs locaux pour la restauration scolaire, même sous le seuil.",
    ),
    Case(
        "cantine-locale",
        "Produits locaux dans la restauration scolaire et seuil de 40 000 €",
        "Le seuil de dispense de procédure est trop bas pour que les petites communes achètent "
        "en direct les légumes de la ferme voisine pour la cantine de leurs écoles.",
        _refs(CCP_R2122_8),
    ),
    # Employers do not release volunteer firefighters.
    Case(
        "pompiers-volontaires",
        "Disponibilité des sapeurs-pompiers volontaires",
        "Les employeurs privés refusent de libérer leurs salariés sapeurs-pompiers volontaires "
        "pendant les heures de travail car les absences ne sont pas compensées.",
        _refs(LOI_SPV),
    ),
    Case(
        "pompiers-volontaires",
        "Pompiers volontaires : absences non indemnisees pour l'employeur",
        "Aucune compensation n'est prévue pour les petites entreprises quand un salarie part en "
        "intervention comme pompier volontaire ; les conventions de disponibilité restent rares.",
    ),
    Case(
        "pompiers-volontaires",
        "Conventions de disponibilité avec les entreprises",
        "Les PME signent peu de conventions de disponibilité avec le SDIS : elles perdent un "
        "salarié pendant les interventions des pompiers volontaires sans contrepartie.",
        _refs(LOI_SPV),
    ),
    Case(
        "pompiers-volontaires",
        "Manque de volontaires chez les sapeurs-pompiers en journée",
        "En journée, les casernes rurales manquent de sapeurs-pompiers volontaires car leurs "
        "employeurs ne les laissent pas partir en intervention.",
    ),
    # Public-venue (ERP) safety rules weigh on third places.
    Case(
        "tiers-lieux-erp",
        "Règles ERP trop lourdes pour les tiers-lieux",
        "Dès qu'un tiers-lieu accueille du public, il devient un établissement recevant du "
        "public et doit passer la commission de sécurité, avec des travaux hors de portée.",
        _refs(CCH_R143_2),
    ),
    Case(
        "tiers-lieux-erp",
        "Classement en établissement recevant du public d'un lieu partagé",
        "Notre friche transformée en tiers lieu doit être classée ERP de type L ou N selon les "
        "activités, ce qui impose des mises aux normes incendie coûteuses.",
        _refs(CCH_R143_2),
    ),
    Case(
        "tiers-lieux-erp",
        "Normes de sécurité incendie dans les tiers-lieux associatifs",
        "Les exigences de sécurité incendie et d'accessibilité des ERP empêchent d'ouvrir au "
        "public les locaux associatifs mixtes (café, atelier, coworking).",
    ),
    Case(
        "tiers-lieux-erp",
        "Tiers lieux : la commission de securite bloque l'ouverture",
        "Sans avis favorable de la commission de securite, le maire refuse l'ouverture au public "
        "de notre tiers lieu ; les travaux demandes coutent plus que le loyer annuel.",
    ),
    # Joint liability scares members away from employers' groups.
    Case(
        "groupement-employeurs",
        "Responsabilité solidaire dans les groupements d'employeurs",
        "Les membres d'un groupement d'employeurs sont solidairement responsables des dettes "
        "salariales, ce qui décourage les petites associations d'adhérer.",
        _refs(CT_L1253_8),
    ),
    Case(
        "groupement-employeurs",
        "Emploi partagé : les associations craignent les dettes du groupement",
        "Adhérer à un groupement d'employeurs engage chaque association sur les dettes de toutes "
        "les autres, un risque que nos conseils d'administration refusent.",
        _refs(CT_L1253_8),
    ),
    Case(
        "groupement-employeurs",
        "Mutualiser un salarié entre plusieurs associations",
        "Pour partager un poste d'animateur entre trois associations, le groupement d'employeurs "
        "est la seule option, mais la responsabilité solidaire entre membres fait peur.",
    ),
    Case(
        "groupement-employeurs",
        "Solidarite des membres d'un GE pour les dettes",
        "Dans un GE, tous les adherents repondent des salaires et cotisations impayes : les "
        "petites structures renoncent a l'emploi partage.",
    ),
    # Staff ratios close rural micro-nurseries.
    Case(
        "micro-creche-encadrement",
        "Taux d'encadrement des micro-crèches",
        "La réglementation impose un professionnel pour trois enfants présents dans une "
        "micro-crèche, ce qui empêche d'accueillir un enfant de plus quand une salariée est "
        "absente.",
        _refs(CSP_R2324_46_2),
    ),
    Case(
        "micro-creche-encadrement",
        "Ratio adulte/enfants en micro-creche",
        "Avec trois professionnelles pour douze enfants, la micro-creche ne peut pas fonctionner "
        "quand une salariee est malade : le ratio d'encadrement est depasse.",
    ),
    Case(
        "micro-creche-encadrement",
        "Encadrement des enfants : normes trop rigides pour les petites crèches",
        "Les règles d'encadrement des jeunes enfants ne tiennent pas compte des micro-crèches "
        "rurales de dix places, qui doivent fermer faute de remplaçant.",
        _refs(CSP_R2324_46_2),
    ),
    Case(
        "micro-creche-encadrement",
        "Micro-crèches : nombre de professionnels par enfant",
        "La règle d'un adulte pour trois enfants accueillis oblige nos micro-crèches à refuser "
        "des familles dès qu'une auxiliaire de puériculture est absente.",
        _refs(CSP_R2324_46_2),
    ),
    # Farmers cannot use the tax reduction on food donations.
    Case(
        "dons-alimentaires",
        "Réduction d'impôt sur les dons alimentaires des producteurs",
        "Les agriculteurs qui donnent leurs invendus à la banque alimentaire ne bénéficient pas "
        "de la réduction d'impôt du mécénat car ils ne savent pas valoriser les denrées.",
        _refs(CGI_238_BIS),
    ),
    Case(
        "dons-alimentaires",
        "Valorisation fiscale des dons de denrées",
        "Pour obtenir le reçu fiscal, le donateur doit estimer la valeur de chaque lot de fruits "
        "et légumes donné ; les petits producteurs y renoncent et jettent leurs surplus.",
        _refs(CGI_238_BIS),
    ),
    Case(
        "dons-alimentaires",
        "Mecenat en nature : dons alimentaires peu avantageux pour les agriculteurs",
        "Le don de produits agricoles invendus ouvre droit a une reduction d'impot de 60 %, "
        "mais l'evaluation des denrees donnees est trop complexe pour une exploitation.",
    ),
    Case(
        "dons-alimentaires",
        "Reçus fiscaux pour les dons de nourriture",
        "Les associations d'aide alimentaire ne délivrent de reçu fiscal que si le donateur "
        "valorise les denrées, ce que les maraîchers ne font jamais.",
        _refs(CGI_238_BIS),
    ),
    # Banks do not lend to housing cooperatives.
    Case(
        "cooperative-habitants",
        "Financement bancaire des coopératives d'habitants",
        "Les banques refusent de prêter aux coopératives d'habitants, un statut créé par la loi "
        "ALUR qu'elles connaissent mal, et aucun prêt aidé ne leur est ouvert.",
        _refs(CCH_L201_1),
    ),
    Case(
        "cooperative-habitants",
        "Prêts impossibles pour l'habitat participatif en coopérative",
        "Notre société coopérative d'habitants ne trouve aucune banque pour financer l'achat du "
        "terrain : les prêts immobiliers sont pensés pour des particuliers.",
        _refs(CCH_L201_1),
    ),
    Case(
        "cooperative-habitants",
        "Cooperative d'habitants sans acces au credit",
        "Faute de garantie, les cooperatives d'habitants n'obtiennent pas de pret immobilier "
        "et ne peuvent pas mobiliser le pret social location-accession.",
    ),
    Case(
        "cooperative-habitants",
        "Habitat coopératif : pas de prêt bancaire",
        "Les habitants qui montent une coopérative pour construire ensemble leur logement ne "
        "trouvent pas de financement bancaire, faute de caution personnelle.",
    ),
    # Mental-health peer workers have no public-hospital status.
    Case(
        "pairs-aidants",
        "Statut des médiateurs de santé pairs",
        "Les pairs-aidants en santé mentale n'ont pas de statut reconnu dans la fonction "
        "publique hospitalière : les hôpitaux psychiatriques ne les embauchent qu'en contrat "
        "précaire.",
    ),
    Case(
        "pairs-aidants",
        "Recrutement de pair-aidants à l'hôpital psychiatrique",
        "Faute de métier inscrit au répertoire de la fonction publique hospitalière, nos "
        "travailleurs pairs en psychiatrie restent en contrat court et mal payés.",
    ),
    Case(
        "pairs-aidants",
        "Pairs aidants en sante mentale : aucun statut",
        "Les anciens usagers de la psychiatrie formes comme mediateurs de sante pairs ne "
        "peuvent pas etre titularises a l'hopital.",
    ),
    Case(
        "pairs-aidants",
        "Travailleurs pairs en psychiatrie : emplois precaires",
        "Les établissements de santé mentale recrutent les médiateurs pairs sur des contrats "
        "courts car aucun statut de la fonction publique hospitalière ne correspond à ce métier.",
    ),
    # Distractors: some share a theme with a group but declare a different blocker.
    Case(
        None,
        "Aide au poste en IAE non revalorisée",
        "Le montant de l'aide au poste versée aux structures d'insertion par l'activité "
        "économique ne suit pas le SMIC, ce qui fragilise nos ateliers et chantiers d'insertion.",
    ),
    Case(
        None,
        "Barème de la prestation de service unique pour les micro-crèches",
        "Les micro-crèches financées par la PSU doivent appliquer le barème national des "
        "participations familiales, ce qui réduit leurs recettes par enfant accueilli.",
    ),
    Case(
        None,
        "Surcoût des produits durables dans les cantines",
        "La loi EGalim impose 50 % de produits de qualité dans la restauration collective, mais "
        "le surcoût des repas n'est pas compensé pour les petites communes rurales.",
        frozenset({"code:code-rural-et-de-la-peche-maritime:L230-5-1"}),
    ),
    Case(
        None,
        "Bail commercial exigé pour un tiers-lieu associatif",
        "Le propriétaire exige un bail commercial pour notre tiers-lieu, alors que l'association "
        "n'a pas d'activité lucrative et ne peut pas apporter de garantie.",
    ),
    Case(
        None,
        "Agrément jeunesse et éducation populaire",
        "Notre association de théâtre attend depuis un an l'agrément jeunesse et éducation "
        "populaire nécessaire pour obtenir une subvention du département.",
    ),
    Case(
        None,
        "Transport solidaire et licences de taxi",
        "Les bénévoles qui conduisent des personnes âgées à leurs rendez-vous médicaux risquent "
        "d'être accusés de transport illégal de personnes.",
    ),
    Case(
        None,
        "Compostage collectif en pied d'immeuble",
        "Le bailleur social interdit les bacs de compost partagés dans la cour par crainte des "
        "nuisibles, malgré l'obligation de tri des biodéchets.",
    ),
    Case(
        None,
        "Accès des associations au fonds social européen",
        "Les dossiers FSE exigent des justificatifs de temps passé si lourds que les petites "
        "associations d'insertion renoncent aux financements européens.",
    ),
    Case(
        None,
        "Vente de plats cuisinés par une épicerie solidaire",
        "Notre épicerie solidaire voudrait vendre des plats cuisinés, mais l'agrément sanitaire "
        "exigé pour la remise indirecte de denrées est hors de portée.",
    ),
    Case(
        None,
        "Location de salle communale pour des ateliers",
        "La mairie facture la salle polyvalente au tarif commercial à notre association, ce qui "
        "rend impossibles les ateliers gratuits pour les familles.",
    ),
]
